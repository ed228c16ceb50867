package org.stele.store.filesystem;

import java.nio.file.Files;
import org.stele.store.BlobStore;
import org.stele.store.BlobStoreContract;
import org.stele.store.CheckedBlobStore;

class FilesystemBlobStoreTest extends BlobStoreContract {
    @Override
    protected BlobStore createStore() throws Exception {
        return new CheckedBlobStore(new FilesystemBlobStore(Files.createTempDirectory("stele-fs-contract")));
    }
}
