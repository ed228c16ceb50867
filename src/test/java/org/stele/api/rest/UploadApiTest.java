package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.restassured.RestAssured;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.stele.archive.deposit.UploadSweeper;
import org.stele.domain.Digest;
import org.stele.domain.catalog.Blob;
import org.stele.domain.catalog.UploadSession;
import org.stele.store.BlobStore;
import org.stele.store.StorageLayout;
import org.stele.store.StoredObject;
import org.stele.support.ArchiveState;
import org.stele.support.Bytes;

/** Resumable upload sessions through real HTTP. */
@QuarkusTest
class UploadApiTest {
    static final String AUTH = BlobApiTest.AUTH;

    @Inject
    BlobStore store;

    @Inject
    UploadSweeper sweeper;

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
        assertThat(sweeper.sweep(Duration.ofMinutes(15)).sessions()).isEqualTo(1);
        given().header("Authorization", AUTH).head(session).then().statusCode(404);
        assertThat(ArchiveState.of(store)).isEqualTo(before);
    }

    private static UUID idOf(String session) {
        return UUID.fromString(session.substring(session.lastIndexOf('/') + 1));
    }

    /** Puts a session in the state a server killed while completing it leaves: claimed, the claim no longer renewed. */
    private static void abandonCompletion(UUID id, long completionOffset) {
        QuarkusTransaction.requiringNew().run(() -> UploadSession.update(
                "state = ?1, completionClaim = ?2, completionOffset = ?3, updatedAt = ?4 where id = ?5", UploadSession.COMPLETING,
                UUID.randomUUID(), completionOffset, Instant.now().minus(Duration.ofHours(1)), id));
    }

    private static long blobRows(String digest) {
        return QuarkusTransaction.requiringNew().call(() -> Blob.count("digest", digest));
    }

    private List<String> chunkObjects(UUID id) throws IOException {
        return store.list(StorageLayout.UPLOADS).stream().map(StoredObject::key)
                .filter(key -> StorageLayout.sessionOf(key).equals(java.util.Optional.of(id))).toList();
    }

    @Test
    void aCompletionWhoseServerDiedIsCompletedByARetryWithItsFinalChunkOnce() throws IOException {
        byte[] bytes = Bytes.random(6000, 31);
        String digest = Bytes.sha256(bytes);
        String session = open();
        patch(session, Arrays.copyOfRange(bytes, 0, 4000), 0, 204);
        patch(session, Arrays.copyOfRange(bytes, 4000, 6000), 4000, 204); // the dead completion's final chunk, recorded
        abandonCompletion(idOf(session), 4000);

        given().header("Authorization", AUTH).body(Arrays.copyOfRange(bytes, 4000, 6000)).put(session + "?digest=" + digest)
                .then().statusCode(201).body("digest", equalTo(digest)).body("size", equalTo(6000));

        assertThat(given().header("Authorization", AUTH).get("/api/v1/blobs/" + digest).then().statusCode(200).extract().asByteArray()).isEqualTo(bytes);
        assertThat(blobRows(digest)).isEqualTo(1);
        given().header("Authorization", AUTH).head(session).then().statusCode(404);
        assertThat(chunkObjects(idOf(session))).isEmpty();
    }

    @Test
    void aCompletionWhoseServerDiedIsCompletedByARetryWithoutBody() throws IOException {
        byte[] bytes = Bytes.random(3000, 32);
        String digest = Bytes.sha256(bytes);
        String session = open();
        patch(session, bytes, 0, 204);
        abandonCompletion(idOf(session), 3000);
        given().header("Authorization", AUTH).put(session + "?digest=" + digest).then().statusCode(201).body("size", equalTo(3000));
        assertThat(given().header("Authorization", AUTH).get("/api/v1/blobs/" + digest).then().statusCode(200).extract().asByteArray()).isEqualTo(bytes);
        assertThat(blobRows(digest)).isEqualTo(1);
        assertThat(chunkObjects(idOf(session))).isEmpty();
    }

    @Test
    void aCompletionStillRenewingItsClaimIsNotTakenOver() throws IOException {
        byte[] bytes = Bytes.random(1000, 33);
        String session = open();
        patch(session, bytes, 0, 204);
        QuarkusTransaction.requiringNew().run(() -> UploadSession.update(
                "state = ?1, completionClaim = ?2, completionOffset = ?3, updatedAt = ?4 where id = ?5", UploadSession.COMPLETING,
                UUID.randomUUID(), 1000L, Instant.now(), idOf(session)));
        ArchiveState before = ArchiveState.of(store);
        given().header("Authorization", AUTH).body(Bytes.random(10, 34)).put(session + "?digest=" + Bytes.sha256(bytes))
                .then().statusCode(409).contentType("application/problem+json").body("code", equalTo("upload_completing"))
                .header("Retry-After", notNullValue());
        patch(session, Bytes.random(10, 35), 1000, 409);
        assertThat(ArchiveState.of(store)).isEqualTo(before);
    }

    @Test
    void concurrentCompletionsOfOneSessionSucceedOnce() throws Exception {
        byte[] bytes = Bytes.random((2 << 20) + 17, 36);
        String digest = Bytes.sha256(bytes);
        String session = open();
        patch(session, bytes, 0, 204);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Integer> statuses;
        try {
            List<Callable<Integer>> completions = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                completions.add(() -> given().header("Authorization", AUTH).put(session + "?digest=" + digest).then().extract().statusCode());
            }
            statuses = new ArrayList<>();
            for (Future<Integer> status : pool.invokeAll(completions)) {
                statuses.add(status.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
        assertThat(statuses).filteredOn(status -> status != 201).allSatisfy(status -> assertThat(status).isIn(404, 409));
        assertThat(given().header("Authorization", AUTH).get("/api/v1/blobs/" + digest).then().statusCode(200).extract().asByteArray()).isEqualTo(bytes);
        assertThat(blobRows(digest)).isEqualTo(1);
        assertThat(chunkObjects(idOf(session))).isEmpty();
    }

    @Test
    void aSweepRemovesWhatKilledUploadsLeftAndKeepsLiveSessions() throws Exception {
        String live = open();
        byte[] kept = Bytes.random(1500, 37);
        patch(live, kept, 0, 204);
        UUID liveId = idOf(live);
        List<String> keptChunks = chunkObjects(liveId);
        // what an append killed between storing its chunk and recording it leaves, in a live session and in a gone one
        String unrecorded = StorageLayout.chunk(liveId, 1500);
        store.put(unrecorded, new ByteArrayInputStream(Bytes.random(700, 38)));
        String orphan = StorageLayout.chunk(UUID.randomUUID(), 0);
        store.put(orphan, new ByteArrayInputStream(Bytes.random(800, 39)));
        // what a single-request upload killed before its commit leaves
        String staged = StorageLayout.staging();
        store.put(staged, new ByteArrayInputStream(Bytes.random(900, 40)));
        // a filesystem write killed halfway leaves its temporary file
        Path temporary = null;
        if (store.driver().equals("filesystem")) {
            temporary = Files.write(Files.createDirectories(Path.of(store.location(), ".tmp")).resolve("killed-" + UUID.randomUUID()),
                    Bytes.random(1000, 41));
            Files.setLastModifiedTime(temporary, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        }

        UploadSweeper.Report first = sweeper.sweep(Duration.ofMinutes(15));
        assertThat(first.bytes()).as("the old temporary file and the chunk of a gone session")
                .isGreaterThanOrEqualTo(800 + (temporary == null ? 0 : 1000));
        assertThat(store.size(orphan)).isEmpty();
        if (temporary != null) {
            assertThat(temporary).doesNotExist();
        }
        assertThat(store.size(unrecorded)).as("fresh: it may be a live append's").isPresent();
        assertThat(store.size(staged)).as("fresh: it may be a live upload's").isPresent();
        Thread.sleep(1100); // S3 dates objects to the second
        assertThat(sweeper.sweep(Duration.ofMillis(500)).bytes()).isGreaterThanOrEqualTo(700 + 900);
        assertThat(store.size(unrecorded)).isEmpty();
        assertThat(store.size(staged)).isEmpty();
        assertThat(chunkObjects(liveId)).containsExactlyElementsOf(keptChunks);
        assertThat(offset(live)).isEqualTo("1500");
        byte[] rest = Bytes.random(500, 42);
        byte[] whole = java.nio.ByteBuffer.allocate(2000).put(kept).put(rest).array();
        given().header("Authorization", AUTH).body(rest).put(live + "?digest=" + Bytes.sha256(whole)).then().statusCode(201);
        assertThat(given().header("Authorization", AUTH).get("/api/v1/blobs/" + Bytes.sha256(whole)).then().statusCode(200).extract().asByteArray()).isEqualTo(whole);
    }

    /**
     * Many uploads at once, of every kind (whole bodies with and without a declared digest, sessions), through staging
     * directories they share: none gets a server error, and each is stored.
     */
    @Test
    void concurrentUploadsAllLandWithoutAServerError() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://localhost:" + RestAssured.port;
        int threads = 12;
        int each = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<byte[]> uploaded = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            List<Callable<Void>> clients = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                clients.add(() -> {
                    for (int i = 0; i < each; i++) {
                        byte[] bytes = Bytes.random(12_000 + i * 97, 10_000 + thread * 100 + i);
                        String digest = Bytes.sha256(bytes);
                        HttpResponse<String> answer = switch (i % 4) {
                            case 0, 1 -> send(http, HttpRequest.newBuilder(URI.create(base + "/api/v1/blobs")), "POST", bytes);
                            case 2 -> send(http, HttpRequest.newBuilder(URI.create(base + "/api/v1/blobs?digest=" + digest)), "POST", bytes);
                            default -> {
                                HttpResponse<String> opened = send(http, HttpRequest.newBuilder(URI.create(base + "/api/v1/uploads")), "POST",
                                        new byte[0]);
                                if (opened.statusCode() != 201) {
                                    yield opened;
                                }
                                String session = base + opened.headers().firstValue("Location").orElseThrow();
                                HttpResponse<String> chunk = send(http, HttpRequest.newBuilder(URI.create(session))
                                        .header("Content-Range", "bytes 0-9999/*"), "PATCH", Arrays.copyOfRange(bytes, 0, 10_000));
                                if (chunk.statusCode() != 204) {
                                    yield chunk;
                                }
                                yield send(http, HttpRequest.newBuilder(URI.create(session + "?digest=" + digest)), "PUT",
                                        Arrays.copyOfRange(bytes, 10_000, bytes.length));
                            }
                        };
                        if (answer.statusCode() / 100 == 2) {
                            uploaded.add(bytes);
                        } else {
                            failures.add(answer.statusCode() + " " + answer.body());
                        }
                    }
                    return null;
                });
            }
            for (Future<Void> client : pool.invokeAll(clients)) {
                client.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).isEmpty();
        assertThat(uploaded).hasSize(threads * each);
        for (byte[] bytes : uploaded) {
            String digest = Bytes.sha256(bytes);
            assertThat(store.size(StorageLayout.blob(new Digest(digest.substring("sha256:".length()))))).contains((long) bytes.length);
            assertThat(blobRows(digest)).isEqualTo(1);
        }
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request, String method, byte[] body) throws Exception {
        return http.send(request.header("Authorization", AUTH).header("Content-Type", "application/octet-stream")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
