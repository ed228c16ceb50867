package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.stele.api.rest.PreservationApiTest.awaitReplicated;
import static org.stele.api.rest.PreservationApiTest.runPass;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stele.store.BlobStore;
import org.stele.store.StorageLayout;
import org.stele.support.Bytes;
import org.stele.support.Deposits;
import org.stele.support.FilesystemReplica;

/**
 * Readers see how a version is kept: the version JSON and the landing page say when its bytes and its record were last
 * proven by fixity and how many copies exist, while the stored record (and the resolver's JSON, read from the same
 * record) stays byte for byte what was published.
 */
@QuarkusTest
@TestProfile(FilesystemReplica.class)
class PreservationStatusTest {
    private static final DateTimeFormatter PAGE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    @Inject
    BlobStore primary;

    @Test
    void theVersionJsonAndLandingPageSayWhenBytesAndRecordWereLastVerifiedAndHowManyCopiesExist() throws Exception {
        String model = Deposits.published("1.0", Map.of("w.bin", Bytes.random(4096, System.nanoTime()),
                "config.json", ("{\"seed\":" + System.nanoTime() + "}").getBytes(StandardCharsets.UTF_8)));
        JsonPath published = version(model);
        String pid = published.getString("pid");
        Instant publishedAt = Instant.parse(published.getString("publishedAt"));
        assertThat(published.getString("preservation.recordVerifiedAt")).as("no fixity pass since publication").isNull();
        assertThat(published.getInt("preservation.damagedFiles")).isZero();
        // Anonymous, cached landing page before any pass.
        String before = landingPage(pid);
        assertThat(before).contains("record not yet verified by a fixity pass");
        byte[] storedRecord = stored(pid);

        awaitReplicated();
        assertThat(version(model).getInt("preservation.copies")).as("primary and replica").isEqualTo(2);

        long pass = runPass();
        JsonPath verified = version(model);
        Instant bytesAt = Instant.parse(verified.getString("preservation.bytesVerifiedAt"));
        Instant recordAt = Instant.parse(verified.getString("preservation.recordVerifiedAt"));
        assertThat(bytesAt).isAfterOrEqualTo(publishedAt.minusSeconds(60)).isBeforeOrEqualTo(Instant.now());
        assertThat(recordAt).isAfter(publishedAt).isBeforeOrEqualTo(Instant.now());
        // Proven byte for byte, both copies, by that pass.
        assertThat(recordAt).as("pass " + pass).isAfterOrEqualTo(Instant.parse(PreservationApiTest.fixity().getString("lastPass.startedAt")))
                .isBeforeOrEqualTo(Instant.parse(PreservationApiTest.fixity().getString("lastPass.finishedAt")));
        assertThat(verified.getInt("preservation.copies")).isEqualTo(2);
        assertThat(verified.getInt("preservation.damagedFiles")).isZero();
        // The rest of the answer is the record, member for member.
        assertThat(verified.getMap("")).containsKeys("pid", "manifestDigest", "files", "title", "state");

        String after = landingPage(pid);
        assertThat(after).as("the cached page moved on with the pass")
                .contains("<span id=\"record-verified\">" + PAGE_TIME.format(recordAt) + "</span>")
                .contains("<span id=\"bytes-verified\">" + PAGE_TIME.format(bytesAt) + "</span>")
                .contains("<span id=\"copies\">2</span> copies");

        // Nothing volatile went into the stored record or the resolver's JSON.
        assertThat(stored(pid)).isEqualTo(storedRecord);
        assertThat(new String(storedRecord, StandardCharsets.UTF_8)).doesNotContain("preservation").doesNotContain("VerifiedAt");
        assertThat(given().accept(ContentType.JSON).get("/pid/" + pid).then().statusCode(200).extract().asString())
                .doesNotContain("preservation");
    }

    @Test
    void aWithdrawnVersionShowsNoPreservationStatus() {
        String model = Deposits.published("1.0", Map.of("w.bin", Bytes.random(100, System.nanoTime())));
        assertThat(version(model).getMap("preservation")).isNotNull();
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body(Map.of("reason", "superseded"))
                .post("/api/v1/models/" + model + "/versions/1.0/withdraw").then().statusCode(200);
        JsonPath withdrawn = version(model);
        assertThat(withdrawn.getString("state")).isEqualTo("withdrawn");
        assertThat(withdrawn.getMap("preservation")).isNull();
    }

    private static JsonPath version(String model) {
        return given().accept(ContentType.JSON).get("/api/v1/models/" + model + "/versions/1.0").then().statusCode(200)
                .extract().jsonPath();
    }

    private static String landingPage(String pid) {
        return given().accept("text/html").get("/pid/" + pid).then().statusCode(200).extract().asString();
    }

    private byte[] stored(String pid) throws Exception {
        try (InputStream in = primary.get(StorageLayout.record(pid), 0, -1)) {
            return in.readAllBytes();
        }
    }
}
