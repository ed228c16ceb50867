package org.stele.api.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.stele.domain.Timestamps;
import org.stele.store.BlobStore;
import org.stele.support.ArchiveState;
import org.stele.support.Bytes;
import org.stele.support.Deposits;
import org.stele.support.Lab;
import org.stele.store.StorageLayout;

/** An embargoed version: public metadata, files refused with 403 embargoed until the instant, then open by themselves. */
@QuarkusTest
class EmbargoTest {
    @Inject
    BlobStore store;

    @AfterEach
    void realTime() {
        Timestamps.useClock(null);
    }

    @Test
    void filesOpenAtTheEmbargoInstantAndNotAMicrosecondBefore() {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant until = t0.plus(1, ChronoUnit.DAYS);
        at(t0);
        Lab lab = Lab.create("emb");
        String name = Deposits.uniqueName("embargoed");
        String model = lab.namespace + "/" + name;
        Deposits.createModel(lab.namespace, name).statusCode(201);
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON)
                .body(Map.of("version", "1.0", "embargoUntil", until.toString()))
                .post("/api/v1/models/" + model + "/versions").then().statusCode(201).body("embargoUntil", equalTo(until.toString()));
        byte[] weights = Bytes.random(2000, 99);
        Deposits.putFile(model, "1.0", "w.bin", weights).statusCode(201);
        String pid = Deposits.publish(model, "1.0").statusCode(200).extract().path("pid");
        String reader = Lab.token(lab.reader, List.of("read"));

        for (Instant now : List.of(t0, until.minus(1, ChronoUnit.MICROS))) {
            at(now);
            given().get("/api/v1/models/" + model + "/versions/1.0/files/w.bin").then().statusCode(403)
                    .body("code", equalTo("embargoed")).header("Retry-After", org.hamcrest.Matchers.notNullValue());
            given().get("/hf/" + model + "/resolve/1.0/w.bin").then().statusCode(403).header("X-Error-Code", "Embargoed");
            // By hash too: the version is public, so its bytes are known to be embargoed, not unknown.
            given().get("/api/v1/blobs/" + Bytes.sha256(weights)).then().statusCode(403).body("code", equalTo("embargoed"))
                    .header("Retry-After", org.hamcrest.Matchers.notNullValue());
            // The metadata and landing page are public all along; the namespace's readers get the files.
            given().accept("application/json").get("/pid/" + pid).then().statusCode(200).body("embargoUntil", equalTo(until.toString()));
            given().accept("text/html").get("/pid/" + pid).then().statusCode(200);
            given().header("Authorization", reader).get("/api/v1/models/" + model + "/versions/1.0/files/w.bin").then().statusCode(200);
        }
        at(until);
        byte[] served = given().get("/api/v1/models/" + model + "/versions/1.0/files/w.bin").then().statusCode(200).extract().asByteArray();
        assertThat(served).isEqualTo(weights);
        given().get("/hf/" + model + "/resolve/1.0/w.bin").then().statusCode(200);
        given().head("/api/v1/blobs/" + Bytes.sha256(weights)).then().statusCode(200);
    }

    @Test
    void anOwnerMovesThePublishedEmbargoAndNothingElseOfThePublishedVersionChanges() throws Exception {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        at(t0);
        Lab lab = Lab.create("emb2");
        String name = Deposits.uniqueName("m");
        String model = lab.namespace + "/" + name;
        Deposits.createModel(lab.namespace, name).statusCode(201);
        Deposits.createVersion(model, "1.0").statusCode(201);
        Deposits.putFile(model, "1.0", "w.bin", Bytes.random(100, 5)).statusCode(201);
        String pid = Deposits.publish(model, "1.0").statusCode(200).extract().path("pid");
        String owner = Lab.token(lab.owner, List.of("read", "write", "publish"));
        Instant until = t0.plus(7, ChronoUnit.DAYS);

        given().header("Authorization", owner).contentType(ContentType.JSON).body(Map.of("embargoUntil", until.toString()))
                .patch("/api/v1/models/" + model + "/versions/1.0").then().statusCode(200).body("embargoUntil", equalTo(until.toString()));
        given().get("/api/v1/models/" + model + "/versions/1.0/files/w.bin").then().statusCode(403).body("code", equalTo("embargoed"));
        try (var stored = store.get(StorageLayout.record(pid), 0, -1)) {
            assertThat(new String(stored.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .as("the record in storage says so too").contains("\"embargoUntil\":\"" + until + "\"");
        }
        given().header("Authorization", owner).get("/api/v1/audit?namespace=" + lab.namespace + "&target=" + model + "@1.0")
                .then().statusCode(200)
                .body("items.action", org.hamcrest.Matchers.hasItem("embargo.changed"))
                .body("items.find { it.action == 'embargo.changed' }.details.to", equalTo(until.toString()))
                .body("items.find { it.action == 'embargo.changed' }.actor", equalTo(lab.owner));

        ArchiveState before = ArchiveState.of(store);
        given().header("Authorization", owner).contentType(ContentType.JSON).body(Map.of("embargoUntil", "2001-01-01T00:00:00Z"))
                .patch("/api/v1/models/" + model + "/versions/1.0").then().statusCode(400).body("code", equalTo("invalid_embargo"));
        given().header("Authorization", owner).contentType(ContentType.JSON).body(Map.of("title", "New title"))
                .patch("/api/v1/models/" + model + "/versions/1.0").then().statusCode(400).body("code", equalTo("invalid_request"));
        given().header("Authorization", owner).contentType("application/octet-stream").body(new byte[] {1})
                .put("/api/v1/models/" + model + "/versions/1.0/files/more.bin").then().statusCode(409).body("code", equalTo("version_immutable"));
        assertThat(ArchiveState.of(store)).isEqualTo(before);

        // Lifting it opens the files at once.
        given().header("Authorization", owner).contentType(ContentType.JSON).body("{\"embargoUntil\": null}")
                .patch("/api/v1/models/" + model + "/versions/1.0").then().statusCode(200);
        given().get("/api/v1/models/" + model + "/versions/1.0/files/w.bin").then().statusCode(200);
    }

    private static void at(Instant now) {
        Timestamps.useClock(Clock.fixed(now, ZoneOffset.UTC));
    }
}
