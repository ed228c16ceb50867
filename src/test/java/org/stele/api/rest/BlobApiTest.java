package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.stele.config.SteleConfig;
import org.stele.store.BlobStore;
import org.stele.support.ArchiveState;
import org.stele.support.Bytes;
import org.stele.support.TestDatabase;

/**
 * The blob API through real HTTP, on the filesystem driver (subclassed for S3). Bytes no version holds are their
 * uploader's alone, so reads here go as the admin who uploaded them.
 */
@QuarkusTest
class BlobApiTest {
    static final String AUTH = "Bearer " + TestDatabase.ADMIN_TOKEN;

    @Inject
    BlobStore store;

    @Inject
    SteleConfig config;

    @TestHTTPResource("/")
    URL base;

    static Response upload(byte[] bytes) {
        return given().header("Authorization", AUTH).contentType("application/octet-stream").body(bytes)
                .post("/api/v1/blobs");
    }

    @Test
    void smallSizesRoundTrip() {
        for (int size : new int[] {0, 1, (5 << 20) + 1}) {
            byte[] bytes = Bytes.random(size, size);
            String digest = Bytes.sha256(bytes);
            // Another test may have stored the empty content already: then it is 200, not 201.
            int fresh = given().header("Authorization", AUTH).head("/api/v1/blobs/" + digest).statusCode() == 200 ? 200 : 201;
            upload(bytes).then().statusCode(fresh)
                    .header("Location", "/api/v1/blobs/" + digest)
                    .body("digest", equalTo(digest)).body("size", equalTo(size));
            byte[] back = given().header("Authorization", AUTH).get("/api/v1/blobs/" + digest).then().statusCode(200)
                    .header("Content-Length", String.valueOf(size))
                    .extract().asByteArray();
            assertThat(back).isEqualTo(bytes);
        }
    }

    @Test
    void hundredMebibytesStreamBothWays() throws Exception {
        long size = 100L << 20;
        Path file = Bytes.randomFile(size, 100);
        try {
            String digest = Bytes.sha256(file);
            // HTTP/1.1 as curl and Python clients speak it over cleartext; java.net.http would otherwise upgrade to h2c.
            // One full-suite run once saw this download differ over h2c (never reproduced in ~100 stressed downloads,
            // h2c included); should it recur, the assertion says at which byte.
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(base.toURI().resolve("/api/v1/blobs?digest=" + digest))
                    .header("Authorization", AUTH).POST(HttpRequest.BodyPublishers.ofFile(file)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).isEqualTo(201);
            HttpResponse<InputStream> get = http.send(HttpRequest.newBuilder(base.toURI().resolve("/api/v1/blobs/" + digest)).header("Authorization", AUTH).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.headers().firstValueAsLong("Content-Length")).hasValue(size);
            assertThat(Bytes.firstDifference(file, get.body())).as("first byte that differs").isEqualTo(-1);
        } finally {
            Files.delete(file);
        }
    }

    /**
     * java.net.http's default client upgrades cleartext connections to HTTP/2 (h2c), and one early full-suite run saw
     * a 100 MiB download differ on that path (never reproduced). Here: two whole downloads multiplexed on one h2c
     * connection (verified stream) and a ranged one (sent from the file), each compared with the stored bytes.
     */
    @Test
    void largeDownloadsOverH2cAreExact() throws Exception {
        long size = 48L << 20;
        Path file = Bytes.randomFile(size, 101);
        java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            String digest = Bytes.sha256(file);
            HttpClient http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            assertThat(http1.send(HttpRequest.newBuilder(base.toURI().resolve("/api/v1/blobs?digest=" + digest))
                    .header("Authorization", AUTH).POST(HttpRequest.BodyPublishers.ofFile(file)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(201);
            HttpClient h2c = HttpClient.newHttpClient();
            URI url = base.toURI().resolve("/api/v1/blobs/" + digest);
            HttpResponse<Void> upgrade = h2c.send(HttpRequest.newBuilder(url).header("Authorization", AUTH).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(upgrade.version()).as("the client upgraded to h2c").isEqualTo(HttpClient.Version.HTTP_2);

            // All three at once on the one connection, each read on its own thread as a real client would (read one
            // after the other, the unread streams would fill the connection's flow-control window and stall it).
            long from = size - (10L << 20) - 12345;
            String rangedDigest;
            try (InputStream expected = Files.newInputStream(file)) {
                expected.skipNBytes(from);
                rangedDigest = sha256(expected);
            }
            List<java.util.concurrent.CompletableFuture<String>> reads = Stream.of(HttpRequest.newBuilder(url).header("Authorization", AUTH).build(),
                    HttpRequest.newBuilder(url).header("Authorization", AUTH).build(), HttpRequest.newBuilder(url).header("Authorization", AUTH).header("Range", "bytes=" + from + "-").build())
                    .map(request -> h2c.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                            .thenApplyAsync(answer -> {
                                assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_2);
                                try {
                                    return answer.statusCode() + " " + sha256(answer.body());
                                } catch (Exception e) {
                                    throw new java.util.concurrent.CompletionException(e);
                                }
                            }, readers))
                    .toList();
            assertThat(reads.get(0).get(2, java.util.concurrent.TimeUnit.MINUTES)).isEqualTo("200 " + digest.substring(7));
            assertThat(reads.get(1).get(2, java.util.concurrent.TimeUnit.MINUTES)).isEqualTo("200 " + digest.substring(7));
            assertThat(reads.get(2).get(2, java.util.concurrent.TimeUnit.MINUTES)).as("the ranged bytes").isEqualTo("206 " + rangedDigest);
        } finally {
            readers.shutdownNow();
            Files.delete(file);
        }
    }

    private static String sha256(InputStream in) throws java.io.IOException, java.security.NoSuchAlgorithmException {
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        try (in) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** With the default grace period (7 days), bytes uploaded a moment ago are not garbage, attached or not. */
    @Test
    void aCollectionLeavesBytesUploadedWithinTheGracePeriod() {
        byte[] bytes = Bytes.random(3000, 102);
        String digest = Bytes.sha256(bytes);
        upload(bytes).then().statusCode(201);
        given().header("Authorization", AUTH).post("/api/v1/admin/gc").then().statusCode(200)
                .body("dryRun", equalTo(false)).body("gracePeriod", equalTo("PT168H"))
                .body("blobs.digest", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(digest)));
        assertThat(given().header("Authorization", AUTH).get("/api/v1/blobs/" + digest).then().statusCode(200).extract().asByteArray()).isEqualTo(bytes);
    }

    @Test
    void storingTheSameBytesAgainStoresNothingTwice() throws IOException {
        byte[] bytes = Bytes.random(4096, 42);
        String digest = Bytes.sha256(bytes);
        upload(bytes).then().statusCode(201);
        // Who stored new content is on record; storing it again changes nothing, the audit trail included.
        given().header("Authorization", AUTH).get("/api/v1/audit?target=" + digest).then().statusCode(200)
                .body("items.action", equalTo(List.of("blob.stored"))).body("items[0].actor", equalTo("admin"))
                .body("items[0].details.size", equalTo(4096));
        ArchiveState before = ArchiveState.of(store);
        upload(bytes).then().statusCode(200).body("digest", equalTo(digest));
        assertThat(ArchiveState.of(store)).isEqualTo(before);
    }

    @Test
    void headAnswersTheContractHeaders() {
        byte[] bytes = Bytes.random(1000, 7);
        String digest = Bytes.sha256(bytes);
        upload(bytes).then().statusCode(201);
        String base64 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(digest.substring(7)));
        given().header("Authorization", AUTH).head("/api/v1/blobs/" + digest).then().statusCode(200)
                .header("Content-Length", "1000")
                .header("ETag", "\"" + digest + "\"")
                .header("Repr-Digest", "sha-256=:" + base64 + ":")
                .header("Accept-Ranges", "bytes");
    }

    @Test
    void rangesAreServed() {
        byte[] bytes = Bytes.random(1000, 8);
        String digest = Bytes.sha256(bytes);
        upload(bytes).then().statusCode(201);
        String url = "/api/v1/blobs/" + digest;
        assertThat(given().header("Authorization", AUTH).header("Range", "bytes=10-19").get(url).then().statusCode(206)
                .header("Content-Range", "bytes 10-19/1000").header("Content-Length", "10")
                .extract().asByteArray()).isEqualTo(Arrays.copyOfRange(bytes, 10, 20));
        assertThat(given().header("Authorization", AUTH).header("Range", "bytes=990-").get(url).then().statusCode(206)
                .header("Content-Range", "bytes 990-999/1000")
                .extract().asByteArray()).isEqualTo(Arrays.copyOfRange(bytes, 990, 1000));
        assertThat(given().header("Authorization", AUTH).header("Range", "bytes=-5").get(url).then().statusCode(206)
                .header("Content-Range", "bytes 995-999/1000")
                .extract().asByteArray()).isEqualTo(Arrays.copyOfRange(bytes, 995, 1000));
        assertThat(given().header("Authorization", AUTH).header("Range", "bytes=0-0").get(url).then().statusCode(206)
                .extract().asByteArray()).containsExactly(bytes[0]);
        assertThat(given().header("Authorization", AUTH).header("Range", "bytes=900-5000").get(url).then().statusCode(206)
                .header("Content-Range", "bytes 900-999/1000").extract().asByteArray()).hasSize(100);
        given().header("Authorization", AUTH).header("Range", "bytes=1000-").get(url).then().statusCode(416)
                .header("Content-Range", "bytes */1000")
                .contentType("application/problem+json").body("code", equalTo("range_not_satisfiable"));
        given().header("Authorization", AUTH).header("Range", "bytes=0-9").header("If-Range", "\"sha256:other\"").get(url).then().statusCode(200)
                .header("Content-Length", "1000");
        given().header("Authorization", AUTH).header("If-None-Match", "\"" + digest + "\"").get(url).then().statusCode(304);
        given().header("Authorization", AUTH).header("If-None-Match", "\"sha256:" + "0".repeat(64) + "\"").get(url).then().statusCode(200);
    }

    @Test
    void unknownAndMalformedDigestsAreProblems() {
        given().header("Authorization", AUTH).get("/api/v1/blobs/sha256:" + "a".repeat(64)).then().statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("blob_not_found")).body("status", equalTo(404))
                .body("type", startsWith("urn:stele:problem:")).body("title", equalTo("Blob not found"));
        for (String bad : new String[] {"sha256:abc", "md5:" + "a".repeat(32), "sha256:" + "A".repeat(64), "nonsense"}) {
            given().header("Authorization", AUTH).get("/api/v1/blobs/" + bad).then().statusCode(400)
                    .contentType("application/problem+json").body("code", equalTo("invalid_digest"));
        }
    }

    @Test
    void aDigestMismatchKeepsNothing() throws IOException {
        ArchiveState before = ArchiveState.of(store);
        byte[] bytes = Bytes.random(3 << 20, 9);
        given().header("Authorization", AUTH).body(bytes).post("/api/v1/blobs?digest=sha256:" + "0".repeat(64))
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("digest_mismatch"));
        given().header("Authorization", AUTH).get("/api/v1/blobs/" + Bytes.sha256(bytes)).then().statusCode(404);
        assertThat(ArchiveState.of(store)).isEqualTo(before);
    }

    @Test
    void aMalformedDeclaredDigestIsRefusedAndKeepsNothing() throws IOException {
        ArchiveState before = ArchiveState.of(store);
        given().header("Authorization", AUTH).body(new byte[] {1, 2, 3}).post("/api/v1/blobs?digest=sha1:abc")
                .then().statusCode(400).body("code", equalTo("invalid_digest"));
        assertThat(ArchiveState.of(store)).isEqualTo(before);
    }

    @Test
    void writesWithoutAValidTokenAreRefusedAndKeepNothing() throws IOException {
        byte[] bytes = Bytes.random(1234, 10);
        ArchiveState before = ArchiveState.of(store);
        given().body(bytes).post("/api/v1/blobs").then().statusCode(401)
                .contentType("application/problem+json").body("code", equalTo("unauthenticated"))
                .header("WWW-Authenticate", startsWith("Bearer"));
        given().header("Authorization", "Bearer stele_wrong").body(bytes).post("/api/v1/blobs").then().statusCode(401)
                .body("code", equalTo("unauthenticated"));
        given().header("Authorization", "Basic YWRtaW46YWRtaW4=").body(bytes).post("/api/v1/blobs").then().statusCode(401);
        given().post("/api/v1/uploads").then().statusCode(401);
        assertThat(ArchiveState.of(store)).isEqualTo(before);
        given().header("Authorization", AUTH).get("/api/v1/blobs/" + Bytes.sha256(bytes)).then().statusCode(404);
    }

    @Test
    void anUploadCutOffMidBodyKeepsNothing() throws Exception {
        cutOffKeepsNothing("POST /api/v1/blobs", "");
    }

    @Test
    void aFileCutOffMidBodyKeepsNothing() throws Exception {
        String model = "lab/" + org.stele.support.Deposits.uniqueName("cut");
        org.stele.support.Deposits.createModel("lab", model.substring(4)).statusCode(201);
        org.stele.support.Deposits.createVersion(model, "1").statusCode(201);
        cutOffKeepsNothing("PUT /api/v1/models/" + model + "/versions/1/files/w.safetensors", "");
        org.stele.support.Deposits.version(model, "1").statusCode(200).body("files", org.hamcrest.Matchers.empty());
    }

    /**
     * A chunk cut off mid-body keeps what arrived, so the client resumes from the last byte held (ResumableUploadTest
     * resumes from it); it stores no blob, and counts a client abort, not a storage error.
     */
    @Test
    void aChunkCutOffMidBodyKeepsWhatArrivedAsAClientAbort() throws Exception {
        String session = UploadApiTest.open();
        long blobs = ArchiveState.of(store).blobs();
        double storageErrors = ObservabilityTest.metric("stele_storage_errors_total");
        double aborts = ObservabilityTest.metric("stele_client_aborts_total");
        cutOff("PATCH " + session, "Content-Range: bytes 0-" + ((64 << 20) - 1) + "/*\r\n");
        long deadline = System.currentTimeMillis() + 15_000;
        while (ObservabilityTest.metric("stele_client_aborts_total") <= aborts && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(ObservabilityTest.metric("stele_client_aborts_total") - aborts).as("client aborts").isEqualTo(1);
        assertThat(ObservabilityTest.metric("stele_storage_errors_total")).as("storage errors").isEqualTo(storageErrors);
        assertThat(ArchiveState.of(store).blobs()).isEqualTo(blobs);
        assertThat(Long.parseLong(UploadApiTest.offset(session))).as("the bytes held, at most those sent").isBetween(0L, 8L << 20);
    }

    /**
     * Sends half a body of a larger Content-Length and closes the connection: the server removes what it staged, records
     * nothing, and counts a client abort, not a storage error.
     */
    private void cutOffKeepsNothing(String requestLine, String headers) throws Exception {
        ArchiveState before = ArchiveState.of(store);
        double storageErrors = ObservabilityTest.metric("stele_storage_errors_total");
        double aborts = ObservabilityTest.metric("stele_client_aborts_total");
        cutOff(requestLine, headers);
        long deadline = System.currentTimeMillis() + 15_000;
        ArchiveState after = ArchiveState.of(store);
        while (!(after.equals(before) && stagedTemporaries().isEmpty()
                && ObservabilityTest.metric("stele_client_aborts_total") > aborts) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            after = ArchiveState.of(store);
        }
        assertThat(after).isEqualTo(before);
        assertThat(stagedTemporaries()).isEmpty();
        assertThat(ObservabilityTest.metric("stele_client_aborts_total") - aborts).as("client aborts").isEqualTo(1);
        assertThat(ObservabilityTest.metric("stele_storage_errors_total")).as("storage errors").isEqualTo(storageErrors);
    }

    /** Sends 8 MiB of a 64 MiB body, closes the connection once the server stages it, and waits until it noticed. */
    private void cutOff(String requestLine, String headers) throws Exception {
        URI uri = base.toURI();
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + AUTH
                    + "\r\nContent-Type: application/octet-stream\r\n" + headers + "Content-Length: " + (64 << 20) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(Bytes.random(8 << 20, 11));
            out.flush();
            // Cut off only once the server is staging the bytes, so the test proves the clean-up, not a race.
            awaitUploadsInProgress(n -> n >= 1, "the server never started staging the upload");
        }
        awaitUploadsInProgress(n -> n == 0, "the server never noticed the cut-off upload");
    }

    private static void awaitUploadsInProgress(java.util.function.DoublePredicate condition, String failure)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!condition.test(ObservabilityTest.metric("stele_uploads_in_progress"))) {
            assertThat(System.currentTimeMillis()).as(failure).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** The filesystem driver's half-written files, which its listing leaves out (S3 staging keys are listed). */
    private List<Path> stagedTemporaries() throws IOException {
        Path temp = config.dataDir().resolve("blobs").resolve(".tmp");
        if (!store.driver().equals("filesystem") || !Files.isDirectory(temp)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(temp)) {
            return files.toList();
        }
    }

    @Test
    void readinessReportsDatabaseAndStorage() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'storage' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'storage' }.data.driver", equalTo(store.driver()))
                .body("checks.find { it.name.contains('Database') }.status", equalTo("UP"));
    }
}
