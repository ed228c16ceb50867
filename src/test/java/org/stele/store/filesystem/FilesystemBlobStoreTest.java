package org.stele.store.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.stele.store.BlobStore;
import org.stele.store.BlobStoreContract;
import org.stele.store.CheckedBlobStore;
import org.stele.store.StorageUnavailableException;

class FilesystemBlobStoreTest extends BlobStoreContract {
    @Override
    protected BlobStore createStore() throws Exception {
        return new CheckedBlobStore(new FilesystemBlobStore(Files.createTempDirectory("stele-fs-contract")));
    }

    /** A volume gone (unmounted, lost): an outage, not missing objects, and nothing is written beside it. */
    @Test
    void aDirectoryGoneIsAnOutageNotMissingObjects() throws Exception {
        Path root = Files.createTempDirectory("stele-fs-outage").resolve("blobs");
        BlobStore store = new CheckedBlobStore(new FilesystemBlobStore(root));
        store.verify();
        store.put("records/a.json", new ByteArrayInputStream(new byte[] {1, 2}));
        Path away = root.resolveSibling("away");
        Files.move(root, away);

        assertThatThrownBy(() -> store.get("records/a.json", 0, -1)).isInstanceOf(StorageUnavailableException.class);
        assertThatThrownBy(() -> store.size("records/a.json")).isInstanceOf(StorageUnavailableException.class);
        assertThatThrownBy(() -> store.list("records/")).isInstanceOf(StorageUnavailableException.class);
        assertThatThrownBy(() -> store.put("records/b.json", new ByteArrayInputStream(new byte[] {3})))
                .isInstanceOf(StorageUnavailableException.class);
        assertThatThrownBy(store::check).as("readiness").isInstanceOf(StorageUnavailableException.class);
        assertThat(root).as("not recreated where the volume was").doesNotExist();

        Files.move(away, root);
        assertThat(store.size("records/a.json")).contains(2L);
        assertThat(store.size("records/b.json")).isEmpty();
    }
}
