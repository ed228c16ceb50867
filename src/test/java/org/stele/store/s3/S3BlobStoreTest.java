package org.stele.store.s3;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.stele.store.BlobStore;
import org.stele.store.BlobStoreContract;
import org.stele.store.CheckedBlobStore;
import org.stele.store.StorageException;
import org.stele.store.StorageUnavailableException;
import org.stele.support.S3ProxyServer;

class S3BlobStoreTest extends BlobStoreContract {
    @Override
    protected BlobStore createStore() {
        S3ProxyServer s3 = S3ProxyServer.shared();
        return new CheckedBlobStore(
                new S3BlobStore(s3.endpoint(), "us-east-1", "stele-contract", S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY,
                        Duration.ofSeconds(30)));
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
}
