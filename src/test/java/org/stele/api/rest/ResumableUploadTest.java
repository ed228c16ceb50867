package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.stele.api.rest.UploadApiTest.AUTH;
import static org.stele.api.rest.UploadApiTest.offset;
import static org.stele.api.rest.UploadApiTest.open;
import static org.stele.api.rest.UploadApiTest.patch;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.stele.domain.Digest;
import org.stele.domain.catalog.UploadChunk;
import org.stele.store.BlobStore;
import org.stele.store.Sha256State;
import org.stele.store.StorageLayout;
import org.stele.support.ArchiveState;
import org.stele.support.Bytes;

/**
 * Resumable sessions that write each byte once: chunks carry the SHA-256 state in the catalog, completion takes the
 * digest from it and assembles the bytes where they lie; a chunk cut off mid-way keeps what arrived. Filesystem driver
 * (subclassed for S3).
 */
@QuarkusTest
class ResumableUploadTest {
    @Inject
    BlobStore store;

    private static UUID idOf(String session) {
        return UUID.fromString(session.substring(session.lastIndexOf('/') + 1));
    }

    /** The digest the catalog's row of the chunk ending at {@code offset} carries, read as a new process would. */
    private static String carriedDigest(UUID id, long offset) {
        byte[] state = QuarkusTransaction.requiringNew().call(() -> UploadChunk.endingAt(id, offset).orElseThrow().hashState);
        assertThat(state).as("the chunk ending at %d carries its hash state", offset).isNotNull();
        return Sha256State.restore(state).digest().toString();
    }

    private static byte[] download(String digest) {
        return given().header("Authorization", AUTH).get("/api/v1/blobs/" + digest).then().statusCode(200).extract().asByteArray();
    }

    @Test
    void eachChunkRecordsTheHashStateAndCompletionWritesNoByteAgain() throws IOException {
        byte[] bytes = Bytes.random((10 << 20) + 1000, 51);
        String digest = Bytes.sha256(bytes);
        String session = open();
        UUID id = idOf(session);
        int[] cuts = {5 << 20, (10 << 20) + 1, bytes.length};
        int from = 0;
        for (int cut : cuts) {
            patch(session, Arrays.copyOfRange(bytes, from, cut), from, 204);
            assertThat(carriedDigest(id, cut)).isEqualTo(Bytes.sha256(Arrays.copyOf(bytes, cut)));
            from = cut;
        }
        Object staged = store.driver().equals("filesystem") ? fileKey(StorageLayout.staged(id)) : null;

        given().header("Authorization", AUTH).put(session + "?digest=" + digest).then().statusCode(201)
                .body("digest", equalTo(digest)).body("size", equalTo(bytes.length));

        assertThat(download(digest)).isEqualTo(bytes);
        String blob = StorageLayout.blob(new Digest(digest.substring("sha256:".length())));
        if (staged != null) {
            assertThat(fileKey(blob)).as("the staged file itself, renamed: not a copy").isEqualTo(staged);
        }
        assertThat(store.list(StorageLayout.UPLOADS)).filteredOn(o -> StorageLayout.sessionOf(o.key()).equals(Optional.of(id))).isEmpty();
        given().header("Authorization", AUTH).head(session).then().statusCode(404);
    }

    private Object fileKey(String key) throws IOException {
        return Files.readAttributes(Path.of(store.location(), key), BasicFileAttributes.class).fileKey();
    }

    @Test
    void aChunkCutOffMidwayKeepsWhatArrivedAndTheClientResumesFromThatByte() throws Exception {
        byte[] bytes = Bytes.random(1_000_000, 52);
        String digest = Bytes.sha256(bytes);
        String session = open();
        patch(session, Arrays.copyOfRange(bytes, 0, 100_000), 0, 204);
        int arrived = 333_333;
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            String head = "PATCH " + session + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + AUTH
                    + "\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes 100000-999999/*\r\nContent-Length: 900000\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(bytes, 100_000, arrived - 100_000);
            out.flush();
            Thread.sleep(500); // the server has the bytes; then the client goes away mid-chunk
        }
        String stored = offset(session);
        for (int i = 0; i < 100 && !stored.equals(String.valueOf(arrived)); i++) {
            Thread.sleep(100);
            stored = offset(session);
        }
        assertThat(stored).as("HEAD tells the byte the archive holds, not the chunk's start").isEqualTo(String.valueOf(arrived));
        assertThat(carriedDigest(idOf(session), arrived)).isEqualTo(Bytes.sha256(Arrays.copyOf(bytes, arrived)));

        patch(session, Arrays.copyOfRange(bytes, arrived, bytes.length), arrived, 204);
        given().header("Authorization", AUTH).put(session + "?digest=" + digest).then().statusCode(201).body("size", equalTo(bytes.length));
        assertThat(download(digest)).isEqualTo(bytes);
    }

    @Test
    void aWrongDigestAfterSeveralChunksIsRefusedAndNothingIsStored() throws IOException {
        ArchiveState before = ArchiveState.of(store);
        byte[] bytes = Bytes.random((5 << 20) + 500, 53);
        String session = open();
        patch(session, Arrays.copyOfRange(bytes, 0, 5 << 20), 0, 204);
        patch(session, Arrays.copyOfRange(bytes, 5 << 20, bytes.length), 5 << 20, 204);
        given().header("Authorization", AUTH).put(session + "?digest=sha256:" + "2".repeat(64)).then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("digest_mismatch"));
        given().header("Authorization", AUTH).head(session).then().statusCode(404);
        given().header("Authorization", AUTH).get("/api/v1/blobs/" + Bytes.sha256(bytes)).then().statusCode(404);
        assertThat(ArchiveState.of(store)).isEqualTo(before);
    }

    @Test
    void aSessionWhoseChunksCarryNoStateIsHashedAtCompletion() throws IOException {
        byte[] bytes = Bytes.random(300_000, 54);
        String digest = Bytes.sha256(bytes);
        String session = open();
        patch(session, Arrays.copyOfRange(bytes, 0, 120_000), 0, 204);
        patch(session, Arrays.copyOfRange(bytes, 120_000, bytes.length), 120_000, 204);
        UUID id = idOf(session);
        // as chunks stored before states were kept
        QuarkusTransaction.requiringNew().run(() -> UploadChunk.update("hashState = null where key.sessionId = ?1", id));
        ArchiveState before = ArchiveState.of(store);
        given().header("Authorization", AUTH).put(session + "?digest=sha256:" + "3".repeat(64)).then().statusCode(400)
                .body("code", equalTo("digest_mismatch"));
        assertThat(ArchiveState.of(store).blobs()).isEqualTo(before.blobs());

        String again = open();
        patch(again, Arrays.copyOfRange(bytes, 0, 120_000), 0, 204);
        QuarkusTransaction.requiringNew().run(() -> UploadChunk.update("hashState = null where key.sessionId = ?1", idOf(again)));
        patch(again, Arrays.copyOfRange(bytes, 120_000, bytes.length), 120_000, 204);
        given().header("Authorization", AUTH).put(again + "?digest=" + digest).then().statusCode(201).body("size", equalTo(bytes.length));
        assertThat(download(digest)).isEqualTo(bytes);
    }

    @Test
    void appendsRacingAtOneOffsetLeaveOneChunkIntact() throws Exception {
        String session = open();
        int clients = 4;
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            bodies.add(Bytes.random((1 << 20) + i, 60 + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Callable<Integer>> appends = new ArrayList<>();
            for (byte[] body : bodies) {
                appends.add(() -> given().header("Authorization", AUTH).header("Content-Range", "bytes 0-" + (body.length - 1) + "/*")
                        .contentType("application/octet-stream").body(body).patch(session).then().extract().statusCode());
            }
            for (Future<Integer> status : pool.invokeAll(appends)) {
                statuses.add(status.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(statuses).filteredOn(status -> status == 204).hasSize(1);
        assertThat(statuses).filteredOn(status -> status != 204).allSatisfy(status -> assertThat(status).isEqualTo(416));
        byte[] winner = bodies.get(statuses.indexOf(204));
        assertThat(offset(session)).isEqualTo(String.valueOf(winner.length));
        given().header("Authorization", AUTH).put(session + "?digest=" + Bytes.sha256(winner)).then().statusCode(201);
        assertThat(download(Bytes.sha256(winner))).isEqualTo(winner);
    }
}
