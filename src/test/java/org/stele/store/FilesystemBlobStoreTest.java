package org.stele.store;

import java.nio.file.Files;

class FilesystemBlobStoreTest extends BlobStoreContract {
    @Override
    protected BlobStore createStore() throws Exception {
        return new CheckedBlobStore(new FilesystemBlobStore(Files.createTempDirectory("stele-fs-contract")));
    }
}
