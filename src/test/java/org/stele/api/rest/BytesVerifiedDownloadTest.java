package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stele.api.http.HashedBodyBuffers;
import org.stele.domain.Digest;
import org.stele.store.BlobStore;
import org.stele.store.StorageLayout;
import org.stele.support.Bytes;
import org.stele.support.Deposits;

/**
 * Verified downloads of content larger than one read-ahead range (the S3 driver then fetches it as parallel ranges):
 * the bytes are exactly those stored, whole and in odd ranges, and damaged bytes (a flipped last byte, a shortened
 * object) never arrive complete and are refused up front afterwards. They go out in a few transfer buffers at a time,
 * which every download gives back however it ended.
 */
@QuarkusTest
class BytesVerifiedDownloadTest {
    /** Two 8 MiB ranges and an odd tail. */
    private static final int SIZE = (17 << 20) + 4321;

    @Inject
    BlobStore store;

    @TestHTTPResource("/")
    URL base;

    @Test
    void largeContentArrivesExactlyWholeAndInOddRanges() {
        byte[] bytes = Bytes.random(SIZE, 901);
        String model = Deposits.published("1", Map.of("w.bin", bytes));
        String file = "/api/v1/models/" + model + "/versions/1/files/w.bin";
        assertThat(given().get(file).then().statusCode(200).extract().asByteArray()).isEqualTo(bytes);
        assertThat(given().get("/api/v1/blobs/" + Bytes.sha256(bytes)).then().statusCode(200).extract().asByteArray())
                .isEqualTo(bytes);
        int[][] ranges = {{1, SIZE - 2}, {(8 << 20) - 1, (8 << 20) + 1}, {12_345, (16 << 20) + 7}};
        for (int[] r : ranges) {
            assertThat(given().header("Range", "bytes=" + r[0] + "-" + r[1]).get(file).then().statusCode(206)
                    .header("Content-Range", "bytes " + r[0] + "-" + r[1] + "/" + SIZE).extract().asByteArray())
                    .as("bytes %d-%d", r[0], r[1]).isEqualTo(Arrays.copyOfRange(bytes, r[0], r[1] + 1));
        }
    }

    @Test
    void aFlippedLastByteCutsTheDownloadAndFlagsTheBlob() throws Exception {
        byte[] bytes = Bytes.random(SIZE, 902);
        byte[] flipped = bytes.clone();
        flipped[SIZE - 1] ^= 1;
        damagedDownloadNeverCompletes(bytes, flipped);
    }

    @Test
    void aShortenedObjectCutsTheDownloadAndFlagsTheBlob() throws Exception {
        byte[] bytes = Bytes.random(SIZE, 903);
        damagedDownloadNeverCompletes(bytes, Arrays.copyOf(bytes, (9 << 20) + 5));
    }

    @Test
    void aFlippedByteInTheMiddleCutsTheDownloadAndEveryBufferComesBack() throws Exception {
        byte[] bytes = Bytes.random(SIZE, 904);
        byte[] flipped = bytes.clone();
        flipped[SIZE / 2] ^= 1;
        damagedDownloadNeverCompletes(bytes, flipped);
        awaitBuffersBack();
    }

    /**
     * A client that stops reading holds a download's buffers (a few, however large the file); one that then hangs up
     * gives them back, and the next download is whole.
     */
    @Test
    void aClientThatHangsUpMidTransferGivesTheBuffersBack() throws Exception {
        byte[] bytes = Bytes.random(SIZE, 906);
        String model = Deposits.published("1", Map.of("w.bin", bytes));
        String file = "/api/v1/models/" + model + "/versions/1/files/w.bin";
        int total = HashedBodyBuffers.total();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setReceiveBufferSize(64 << 10);
            socket.getOutputStream().write(("GET " + file + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertThat(in.readNBytes(256 << 10)).hasSize(256 << 10);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (HashedBodyBuffers.available() == total && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(HashedBodyBuffers.available()).as("a stalled download holds its buffers")
                    .isLessThan(total).isGreaterThanOrEqualTo(total - HashedBodyBuffers.DEPTH);
        }
        awaitBuffersBack();
        assertThat(given().get(file).then().statusCode(200).extract().asByteArray()).isEqualTo(bytes);
        awaitBuffersBack();
    }

    private static void awaitBuffersBack() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (HashedBodyBuffers.available() < HashedBodyBuffers.total() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(HashedBodyBuffers.available()).as("every transfer buffer is back").isEqualTo(HashedBodyBuffers.total());
    }

    private void damagedDownloadNeverCompletes(byte[] bytes, byte[] stored) throws Exception {
        String model = Deposits.published("1", Map.of("w.bin", bytes));
        String file = "/api/v1/models/" + model + "/versions/1/files/w.bin";
        Digest digest = Digest.parse(Bytes.sha256(bytes));
        store.put(StorageLayout.blob(digest), new ByteArrayInputStream(stored));

        assertThat(fetch(file)).as("a damaged download must not complete").isNotEqualTo("200 complete");
        given().get(file).then().statusCode(500).body("code", equalTo("integrity_error"));
        given().get("/api/v1/blobs/" + digest).then().statusCode(500).body("code", equalTo("integrity_error"));
    }

    /** The status and whether the whole body arrived, over a plain HTTP/1.1 connection. */
    private String fetch(String path) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return response.statusCode() + (response.statusCode() == 200 ? " complete" : "");
        } catch (IOException e) {
            return "aborted: " + e;
        }
    }
}
