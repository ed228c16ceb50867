package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.stele.archive.deposit.UploadSessions;
import org.stele.domain.catalog.UploadSession;
import org.stele.store.BlobStore;
import org.stele.support.ArchiveState;
import org.stele.support.Bytes;

/** Resumable upload sessions through real HTTP. */
@QuarkusTest
class UploadApiTest {
    static final String AUTH = BlobApiTest.AUTH;

    @Inject
    BlobStore store;

    @Inject
    UploadSessions sessions;

    static String open() {
        return given().header("Authorization", AUTH).post("/api/v1/uploads").then().statusCode(201)
                .header("Upload-Offset", "0").body("id", notNullValue())
                .extract().header("Location");
    }

    static void patch(String session, byte[] bytes, long start, int expectedStatus) {
        given().header("Authorization", AUTH)
                .header("Content-Range", "bytes " + start + "-" + (start + bytes.length - 1) + "/*")
                .contentType("application/octet-stream").body(bytes)
                .patch(session).then().statusCode(expectedStatus);
    }

    static String offset(String session) {
        return given().header("Authorization", AUTH).head(session).then().statusCode(204).extract().header("Upload-Offset");
    }

    @Test
    void chunksAppendAndCompleteIntoOneBlob() {
        byte[] bytes = Bytes.random((7 << 20) + 123, 21);
        String digest = Bytes.sha256(bytes);
        String session = open();
        int cut = 3 << 20;
        patch(session, Arrays.copyOfRange(bytes, 0, cut), 0, 204);
        assertThat(offset(session)).isEqualTo(String.valueOf(cut));
        patch(session, Arrays.copyOfRange(bytes, cut, bytes.length), cut, 204);
        assertThat(offset(session)).isEqualTo(String.valueOf(bytes.length));
        given().header("Authorization", AUTH).put(session + "?digest=" + digest).then().statusCode(201)
                .header("Location", "/api/v1/blobs/" + digest)
                .body("digest", equalTo(digest)).body("size", equalTo(bytes.length));
        assertThat(given().header("Authorization", AUTH).get("/api/v1/blobs/" + digest).then().statusCode(200).extract().asByteArray()).isEqualTo(bytes);
        given().header("Authorization", AUTH).head(session).then().statusCode(404);
    }

    @Test
    void theLastChunkMayComeWithTheCompletion() {
        byte[] bytes = Bytes.random(5000, 22);
        String digest = Bytes.sha256(bytes);
        String session = open();
        patch(session, Arrays.copyOfRange(bytes, 0, 2000), 0, 204);
        given().header("Authorization", AUTH).body(Arrays.copyOfRange(bytes, 2000, 5000))
                .put(session + "?digest=" + digest).then().statusCode(201).body("size", equalTo(5000));
        assertThat(given().header("Authorization", AUTH).get("/api/v1/blobs/" + digest).then().statusCode(200).extract().asByteArray()).isEqualTo(bytes);
    }

    @Test
    void aChunkAtTheWrongOffsetIsRefusedWithTheCurrentOffset() throws IOException {
        String session = open();
        patch(session, Bytes.random(100, 23), 0, 204);
        ArchiveState before = ArchiveState.of(store);
        given().header("Authorization", AUTH).header("Content-Range", "bytes 50-149/*").body(Bytes.random(100, 24))
                .patch(session).then().statusCode(416).header("Upload-Offset", "100")
                .contentType("application/problem+json").body("code", equalTo("offset_mismatch"));
        given().header("Authorization", AUTH).header("Content-Range", "bytes 0-99/*").body(Bytes.random(100, 24))
                .patch(session).then().statusCode(416).header("Upload-Offset", "100");
        assertThat(ArchiveState.of(store)).isEqualTo(before);
        assertThat(offset(session)).isEqualTo("100");
    }

    @Test
    void aChunkShorterThanItsContentRangeIsNotKept() throws IOException {
        String session = open();
        ArchiveState before = ArchiveState.of(store);
        given().header("Authorization", AUTH).header("Content-Range", "bytes 0-199/*").body(Bytes.random(100, 25))
                .patch(session).then().statusCode(400).body("code", equalTo("invalid_content_range"));
        given().header("Authorization", AUTH).header("Content-Range", "bytes=0-99").body(Bytes.random(100, 25))
                .patch(session).then().statusCode(400).body("code", equalTo("invalid_content_range"));
        assertThat(ArchiveState.of(store)).isEqualTo(before);
        assertThat(offset(session)).isEqualTo("0");
    }

    @Test
    void aMismatchAtCompletionDiscardsTheSession() throws IOException {
        ArchiveState before = ArchiveState.of(store);
        String session = open();
        byte[] bytes = Bytes.random(4096, 26);
        patch(session, bytes, 0, 204);
        given().header("Authorization", AUTH).put(session + "?digest=sha256:" + "1".repeat(64)).then().statusCode(400)
                .body("code", equalTo("digest_mismatch"));
        given().header("Authorization", AUTH).head(session).then().statusCode(404);
        given().header("Authorization", AUTH).get("/api/v1/blobs/" + Bytes.sha256(bytes)).then().statusCode(404);
        assertThat(ArchiveState.of(store)).isEqualTo(before);
    }

    @Test
    void completingNeedsAWellFormedDigestAndChangesNothingWithout() throws IOException {
        String session = open();
        patch(session, Bytes.random(10, 27), 0, 204);
        ArchiveState before = ArchiveState.of(store);
        given().header("Authorization", AUTH).put(session).then().statusCode(400).body("code", equalTo("invalid_digest"));
        given().header("Authorization", AUTH).put(session + "?digest=sha256:xyz").then().statusCode(400)
                .body("code", equalTo("invalid_digest"));
        assertThat(ArchiveState.of(store)).isEqualTo(before);
        assertThat(offset(session)).isEqualTo("10");
    }

    @Test
    void cancellingRemovesTheSessionAndItsData() throws IOException {
        ArchiveState before = ArchiveState.of(store);
        String session = open();
        patch(session, Bytes.random(1000, 28), 0, 204);
        given().header("Authorization", AUTH).delete(session).then().statusCode(204);
        given().header("Authorization", AUTH).head(session).then().statusCode(404).contentType("application/problem+json");
        assertThat(ArchiveState.of(store)).isEqualTo(before);
    }

    @Test
    void unknownSessionsAreProblems() {
        given().header("Authorization", AUTH).head("/api/v1/uploads/" + UUID.randomUUID()).then().statusCode(404);
        given().header("Authorization", AUTH).body(new byte[] {1}).patch("/api/v1/uploads/" + UUID.randomUUID())
                .then().statusCode(404).body("code", equalTo("upload_not_found"));
        given().header("Authorization", AUTH).body(new byte[] {1}).patch("/api/v1/uploads/not-a-uuid")
                .then().statusCode(404).body("code", equalTo("upload_not_found"));
    }

    @Test
    void anonymousChunksAreRefusedAndChangeNothing() throws IOException {
        String session = open();
        ArchiveState before = ArchiveState.of(store);
        given().header("Content-Range", "bytes 0-9/*").body(Bytes.random(10, 29)).patch(session).then().statusCode(401);
        given().delete(session).then().statusCode(401);
        assertThat(ArchiveState.of(store)).isEqualTo(before);
        assertThat(offset(session)).isEqualTo("0");
    }

    @Test
    void expiredSessionsAreSweptWithTheirData() throws IOException {
        ArchiveState before = ArchiveState.of(store);
        String session = open();
        patch(session, Bytes.random(2000, 30), 0, 204);
        UUID id = UUID.fromString(session.substring(session.lastIndexOf('/') + 1));
        QuarkusTransaction.requiringNew().run(() ->
                UploadSession.update("expiresAt = ?1 where id = ?2", Instant.now().minusSeconds(1), id));
        assertThat(sessions.sweep()).isGreaterThanOrEqualTo(1);
        given().header("Authorization", AUTH).head(session).then().statusCode(404);
        assertThat(ArchiveState.of(store)).isEqualTo(before);
    }
}
