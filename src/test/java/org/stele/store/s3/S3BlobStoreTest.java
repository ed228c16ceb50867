package org.stele.store.s3;

import org.stele.store.BlobStore;
import org.stele.store.BlobStoreContract;
import org.stele.store.CheckedBlobStore;
import org.stele.support.S3ProxyServer;

class S3BlobStoreTest extends BlobStoreContract {
    @Override
    protected BlobStore createStore() {
        S3ProxyServer s3 = S3ProxyServer.shared();
        return new CheckedBlobStore(
                new S3BlobStore(s3.endpoint(), "us-east-1", "stele-contract", S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY,
                        java.time.Duration.ofSeconds(30)));
    }
}
