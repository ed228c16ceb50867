package org.stele.store.s3;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import io.minio.MinioAsyncClient;
import io.minio.messages.Upload;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.stele.store.BlobStore;
import org.stele.store.BlobStoreContract;
import org.stele.store.CheckedBlobStore;
import org.stele.store.StorageException;
import org.stele.store.StorageUnavailableException;
import org.stele.support.Bytes;
import org.stele.support.S3ProxyServer;

class S3BlobStoreTest extends BlobStoreContract {
    private static final String BUCKET = "stele-contract";

    @Override
    protected BlobStore createStore() {
        S3ProxyServer s3 = S3ProxyServer.shared();
        return new CheckedBlobStore(
                new S3BlobStore(s3.endpoint(), "us-east-1", BUCKET, S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY,
                        Duration.ofSeconds(30)));
    }

    /**
     * Each racing writer on prefixes of its own: S3Proxy's filesystem backend removes a directory a delete emptied while
     * another request is writing into it, and answers that request 500 (FileNotFoundException in its log), a race of the
     * test server that no S3 service has. The writers still race each other through one bucket and one client.
     */
    @Override
    protected boolean racesThroughSharedDirectories() {
        return false;
    }

    /** Nobody listening is an outage (retry later); a server refusing us is a storage error (an operator must act). */
    @Test
    void anUnreachableServerIsAnOutageARefusalIsNot() throws Exception {
        BlobStore nobody = new CheckedBlobStore(new S3BlobStore("http://127.0.0.1:" + S3ProxyServer.freePort(), "us-east-1",
                "stele-contract", S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, Duration.ofSeconds(2)));
        assertThatThrownBy(() -> nobody.size("records/a.json")).isInstanceOf(StorageUnavailableException.class);
        assertThatThrownBy(() -> nobody.put("records/a.json", new ByteArrayInputStream(new byte[] {1})))
                .isInstanceOf(StorageUnavailableException.class);
        assertThatThrownBy(nobody::verify).isInstanceOf(StorageUnavailableException.class);

        BlobStore refused = new CheckedBlobStore(new S3BlobStore(S3ProxyServer.shared().endpoint(), "us-east-1", "stele-contract",
                S3ProxyServer.ACCESS_KEY, "not-the-secret", Duration.ofSeconds(2)));
        assertThatThrownBy(() -> refused.put("records/a.json", new ByteArrayInputStream(new byte[] {1})))
                .isInstanceOf(StorageException.class).isNotInstanceOf(StorageUnavailableException.class);
        assertThatThrownBy(() -> refused.get("records/a.json", 0, -1))
                .isInstanceOf(StorageException.class).isNotInstanceOf(StorageUnavailableException.class);
    }

    /** Links name the public endpoint when one is set, signed for it (the Host header is part of the signature). */
    @Test
    void presignedLinksNameThePublicEndpoint() throws Exception {
        BlobStore behindProxy = new CheckedBlobStore(new S3BlobStore("http://127.0.0.1:" + S3ProxyServer.freePort(), "us-east-1",
                BUCKET, S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, Duration.ofSeconds(2),
                java.util.Optional.of("https://models-s3.example.org")));
        java.net.URI link = behindProxy.presignedGet("blobs/sha256/ab/cd/abcd", Duration.ofMinutes(5)).orElseThrow();
        assertThat(link.toString()).startsWith("https://models-s3.example.org/" + BUCKET + "/blobs/sha256/ab/cd/abcd?");
        assertThat(link.getQuery()).contains("X-Amz-Expires=300", "X-Amz-SignedHeaders=host");
    }

    /**
     * S3Proxy on its filesystem backend cannot list multipart uploads (501): the sweep then removes nothing and does not
     * fail (the bucket's lifecycle rule does that work); on a server that lists them, the abandoned one is aborted.
     */
    @Test
    void aSweepAbortsTheMultipartUploadsOfKilledWrites() throws Exception {
        S3ProxyServer s3 = S3ProxyServer.shared();
        MinioAsyncClient client = MinioAsyncClient.builder().endpoint(s3.endpoint()).region("us-east-1")
                .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
        String key = "uploads/staging/" + UUID.randomUUID();
        String upload = client.createMultipartUploadAsync(BUCKET, "us-east-1", key, null, null).get().result().uploadId();
        byte[] part = Bytes.random(5 << 20, 12);
        client.uploadPartAsync(BUCKET, "us-east-1", key, part, part.length, upload, 1, null, null).get();
        Optional<List<String>> listed = uploadIds(client);
        if (listed.isEmpty()) {
            assertThat(store.removeStaleTemporaries(Duration.ZERO)).isZero();
            client.abortMultipartUploadAsync(BUCKET, "us-east-1", key, upload, null, null).get();
            return;
        }
        assertThat(listed.get()).contains(upload);
        assertThat(store.removeStaleTemporaries(Duration.ofHours(1))).as("a fresh upload is not abandoned").isZero();
        assertThat(uploadIds(client).get()).contains(upload);
        Thread.sleep(1100); // S3 dates to the second
        assertThat(store.removeStaleTemporaries(Duration.ZERO)).isGreaterThanOrEqualTo(part.length);
        assertThat(uploadIds(client).get()).doesNotContain(upload);
    }

    /** The open multipart uploads, or empty when the server cannot list them. */
    private static Optional<List<String>> uploadIds(MinioAsyncClient client) throws Exception {
        try {
            List<Upload> uploads = client.listMultipartUploadsAsync(BUCKET, "us-east-1", null, null, null, 1000, null, null, null, null)
                    .get().result().uploads();
            return Optional.of(uploads == null ? List.of() : uploads.stream().map(Upload::uploadId).toList());
        } catch (ExecutionException e) {
            if (String.valueOf(e.getMessage()).contains("Response code: 501")) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
