package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stele.store.BlobStore;
import org.stele.support.ArchiveState;
import org.stele.support.Bytes;
import org.stele.support.Deposits;
import org.stele.support.PresignedRedirects;

/**
 * Presigned download redirects, asked for with {@code ?redirect=presigned}. The filesystem driver has no such links:
 * there every answer is the bytes, as before; {@link PresignedDownloadS3Test} runs the same requests where the content
 * anyone may read is a 307 to S3. Content that is not everyone's is answered by the service on both.
 */
@QuarkusTest
@TestProfile(PresignedRedirects.class)
class PresignedDownloadTest {
    static final String AUTH = Deposits.AUTH;
    private static final HttpClient PLAIN = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Inject
    BlobStore store;

    /** Whether this driver answers content anyone may read with a redirect. */
    boolean redirects() {
        return false;
    }

    record Published(String model, byte[] bytes, String digest) {
        List<String> urls() {
            return List.of("/api/v1/blobs/" + digest, "/api/v1/models/" + model + "/versions/1.0/files/w.bin",
                    "/hf/" + model + "/resolve/main/w.bin");
        }
    }

    Published publish(byte[] bytes) {
        String model = Deposits.published("1.0", Map.of("w.bin", bytes));
        return new Published(model, bytes, Bytes.sha256(bytes));
    }

    @Test
    void contentAnyoneMayReadIsRedirectedWhereStorageSignsLinks() throws Exception {
        Published p = publish(Bytes.random(300_000, 41));
        for (String url : p.urls()) {
            Response answer = given().redirects().follow(false).queryParam("redirect", "presigned").get(url);
            if (redirects()) {
                assertThat(answer.statusCode()).as(url).isEqualTo(307);
                assertThat(answer.header("ETag")).as(url).contains(p.digest().substring("sha256:".length()));
                assertThat(answer.header("Repr-Digest")).as(url).isNotBlank();
                assertThat(answer.header("Cache-Control")).as("a link that expires is kept by no cache").isEqualTo("no-store");
                URI link = URI.create(answer.header("Location"));
                assertThat(link.getQuery()).as(url).contains("X-Amz-Expires=" + PresignedRedirects.LIFETIME_SECONDS)
                        .contains("X-Amz-Signature=");
                HttpResponse<byte[]> whole = PLAIN.send(HttpRequest.newBuilder(link).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(whole.statusCode()).as(url).isEqualTo(200);
                assertThat(Bytes.sha256(whole.body())).as("the bytes at the link").isEqualTo(p.digest());
                // A client following the redirect keeps its Range header: S3 answers the range.
                HttpResponse<byte[]> part = PLAIN.send(HttpRequest.newBuilder(link).header("Range", "bytes=1000-1999").build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(part.statusCode()).as(url).isEqualTo(206);
                assertThat(part.body()).isEqualTo(Arrays.copyOfRange(p.bytes(), 1000, 2000));
            } else {
                assertThat(answer.statusCode()).as(url).isEqualTo(200);
                assertThat(Bytes.sha256(answer.asByteArray())).isEqualTo(p.digest());
            }
            if (url.startsWith("/hf/")) {
                assertThat(answer.header("X-Linked-Size")).isEqualTo("300000");
                assertThat(answer.header("X-Linked-Etag")).isEqualTo("\"" + p.digest().substring("sha256:".length()) + "\"");
                assertThat(answer.header("X-Repo-Commit")).hasSize(40);
            }
            // A ranged GET is redirected too (the range goes along); one storage cannot judge (If-Range) is answered here.
            given().redirects().follow(false).queryParam("redirect", "presigned").header("Range", "bytes=0-9").get(url)
                    .then().statusCode(redirects() ? 307 : 206);
            given().redirects().follow(false).queryParam("redirect", "presigned").header("Range", "bytes=0-9")
                    .header("If-Range", answer.header("ETag")).get(url).then().statusCode(206);
            // An unsatisfiable range is refused here, whatever the setting.
            given().redirects().follow(false).queryParam("redirect", "presigned").header("Range", "bytes=400000-").get(url)
                    .then().statusCode(416);
            // HEAD, no parameter (on-request), ?redirect=none and a matching If-None-Match: answered as before.
            given().redirects().follow(false).queryParam("redirect", "presigned").head(url).then().statusCode(200)
                    .header("Content-Length", "300000");
            assertThat(given().redirects().follow(false).get(url).then().statusCode(200).extract().asByteArray()).isEqualTo(p.bytes());
            given().redirects().follow(false).queryParam("redirect", "none").get(url).then().statusCode(200);
            given().redirects().follow(false).queryParam("redirect", "presigned").header("If-None-Match", answer.header("ETag"))
                    .get(url).then().statusCode(304);
        }
    }

    @Test
    void contentNotEveryonesIsServedAsBefore() {
        // Restricted: its reader (the admin here) gets the bytes from the service, never a link that anyone could use.
        String restricted = Deposits.model("lab", "presigned-restricted", true);
        byte[] secret = Bytes.random(20_000, 42);
        Deposits.createVersion(restricted, "1.0").statusCode(201);
        Deposits.putFile(restricted, "1.0", "w.bin", secret).statusCode(201);
        Deposits.publish(restricted, "1.0").statusCode(200);
        for (String url : new Published(restricted, secret, Bytes.sha256(secret)).urls()) {
            given().redirects().follow(false).header("Authorization", AUTH).queryParam("redirect", "presigned").get(url)
                    .then().statusCode(200);
            given().redirects().follow(false).queryParam("redirect", "presigned").get(url).then()
                    .statusCode(url.startsWith("/hf/") ? 401 : 404);
        }

        // Under embargo: its namespace's readers get the bytes from the service; others are refused as before.
        String embargoed = Deposits.model("lab", "presigned-embargo", false);
        byte[] early = Bytes.random(20_000, 43);
        given().header("Authorization", AUTH).contentType("application/json")
                .body(Map.of("version", "1.0", "embargoUntil", Instant.now().plus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString()))
                .post("/api/v1/models/" + embargoed + "/versions").then().statusCode(201);
        Deposits.putFile(embargoed, "1.0", "w.bin", early).statusCode(201);
        Deposits.publish(embargoed, "1.0").statusCode(200);
        for (String url : new Published(embargoed, early, Bytes.sha256(early)).urls()) {
            given().redirects().follow(false).header("Authorization", AUTH).queryParam("redirect", "presigned").get(url)
                    .then().statusCode(200);
            given().redirects().follow(false).queryParam("redirect", "presigned").get(url).then().statusCode(403);
        }

        // Withdrawn: gone for everyone, a link included.
        Published withdrawn = publish(Bytes.random(20_000, 44));
        given().header("Authorization", AUTH).contentType("application/json").body(Map.of("reason", "superseded"))
                .post("/api/v1/models/" + withdrawn.model() + "/versions/1.0/withdraw").then().statusCode(200);
        given().redirects().follow(false).queryParam("redirect", "presigned").get(withdrawn.urls().get(0)).then().statusCode(410);
        given().redirects().follow(false).queryParam("redirect", "presigned").get(withdrawn.urls().get(1)).then().statusCode(410);
        given().redirects().follow(false).queryParam("redirect", "presigned").get(withdrawn.urls().get(2)).then().statusCode(403);
    }

    @Test
    void aRedirectValueNotKnownIsRefusedAndChangesNothing() throws Exception {
        Published p = publish(Bytes.random(10_000, 45));
        ArchiveState before = ArchiveState.of(store);
        for (String url : p.urls()) {
            for (String value : List.of("yes", "PRESIGNED", "")) {
                Response refused = given().redirects().follow(false).queryParam("redirect", value).get(url);
                assertThat(refused.statusCode()).as(url + " ?redirect=" + value).isEqualTo(400);
                if (url.startsWith("/hf/")) {
                    assertThat(refused.header("X-Error-Code")).isEqualTo("InvalidRedirect");
                } else {
                    assertThat(refused.contentType()).startsWith("application/problem+json");
                    assertThat(refused.jsonPath().getString("code")).isEqualTo("invalid_redirect");
                }
            }
            given().redirects().follow(false).queryParam("redirect", "presigned", "none").get(url).then().statusCode(400);
            given().redirects().follow(false).queryParam("redirect", "sideways").head(url).then().statusCode(400);
        }
        given().queryParam("redirect", "yes").get(p.urls().get(0)).then().body("code", equalTo("invalid_redirect"));
        assertThat(ArchiveState.of(store)).isEqualTo(before);
    }
}
