package org.stele.store.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.stele.store.BlobStore;
import org.stele.store.BlobStoreContract;
import org.stele.store.CheckedBlobStore;
import org.stele.store.StorageUnavailableException;
import org.stele.support.Bytes;

class FilesystemBlobStoreTest extends BlobStoreContract {
    private Path root;

    @Override
    protected BlobStore createStore() throws Exception {
        root = Files.createTempDirectory("stele-fs-contract");
        return new CheckedBlobStore(new FilesystemBlobStore(root));
    }

    @Test
    void aSweepRemovesTheTemporaryFilesOfKilledWritesAndKeepsLiveOnes() throws Exception {
        Path temp = Files.createDirectories(root.resolve(".tmp"));
        Path killed = Files.write(temp.resolve("killed-write"), Bytes.random(5000, 1));
        Path recent = Files.write(temp.resolve("recent-write"), Bytes.random(10, 2));
        Files.setLastModifiedTime(killed, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path emptySession = Files.createDirectories(root.resolve("uploads/sessions/" + java.util.UUID.randomUUID()));
        Files.setLastModifiedTime(emptySession, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

        // a write in progress whose temporary file has not been written to for hours (a stalled client)
        byte[] head = Bytes.random(1000, 3);
        byte[] tail = Bytes.random(1000, 4);
        CountDownLatch release = new CountDownLatch(1);
        InputStream stalled = new SequenceInputStream(new ByteArrayInputStream(head), new InputStream() {
            private final InputStream rest = new ByteArrayInputStream(tail);

            @Override
            public int read() throws IOException {
                await(release);
                return rest.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                await(release);
                return rest.read(b, off, len);
            }
        });
        CompletableFuture<Long> live = CompletableFuture.supplyAsync(() -> {
            try {
                return store.put("blobs/live", stalled);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Path liveTemp = awaitThirdTemporary(temp, killed, recent);
        Files.setLastModifiedTime(liveTemp, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

        assertThat(store.removeStaleTemporaries(Duration.ofHours(1))).isEqualTo(5000);

        assertThat(killed).doesNotExist();
        assertThat(recent).exists();
        assertThat(emptySession).doesNotExist();
        assertThat(liveTemp).exists();
        release.countDown();
        assertThat(live.get(10, TimeUnit.SECONDS)).isEqualTo(2000);
        assertThat(store.get("blobs/live", 0, -1).readAllBytes()).startsWith(head).endsWith(tail);
    }

    private static Path awaitThirdTemporary(Path temp, Path... known) throws Exception {
        for (int i = 0; i < 200; i++) {
            try (Stream<Path> files = Files.list(temp)) {
                var found = files.filter(f -> !java.util.List.of(known).contains(f)).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            }
            Thread.sleep(25);
        }
        throw new AssertionError("the write in progress made no temporary file");
    }

    private static void await(CountDownLatch latch) throws IOException {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
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
