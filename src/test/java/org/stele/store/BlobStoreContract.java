package org.stele.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stele.support.Bytes;

/**
 * What every {@link BlobStore} driver must do, wrapped as the producer wraps it ({@link CheckedBlobStore}). A driver is
 * done when its subclass of this suite passes.
 */
public abstract class BlobStoreContract {
    protected BlobStore store;
    private String prefix;

    protected abstract BlobStore createStore() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        store = createStore();
        store.verify();
        prefix = "contract/" + UUID.randomUUID() + "/";
    }

    private String key(String name) {
        return prefix + name;
    }

    @Test
    void putThenGetReturnsTheSameBytes() throws IOException {
        byte[] bytes = Bytes.random(10_000, 1);
        assertThat(store.put(key("a"), new ByteArrayInputStream(bytes))).isEqualTo(10_000);
        assertThat(store.size(key("a"))).contains(10_000L);
        try (InputStream in = store.get(key("a"), 0, -1)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    /** A driver without links says so (empty); one with links gives one that GETs exactly the object, no credentials. */
    @Test
    void aPresignedLinkFetchesTheObjectOrThereIsNone() throws Exception {
        byte[] bytes = Bytes.random(10_000, 2);
        store.put(key("linked"), new ByteArrayInputStream(bytes));
        var link = store.presignedGet(key("linked"), java.time.Duration.ofMinutes(1));
        assertThat(link.isPresent()).as("links from " + store.driver()).isEqualTo(store.driver().equals("s3"));
        if (link.isPresent()) {
            assertThat(link.get().getQuery()).contains("X-Amz-Expires=60");
            var client = java.net.http.HttpClient.newHttpClient();
            var answer = client.send(java.net.http.HttpRequest.newBuilder(link.get()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo(bytes);
        }
        assertThatThrownBy(() -> store.presignedGet("../outside", java.time.Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyObjectsAreObjects() throws IOException {
        assertThat(store.put(key("empty"), InputStream.nullInputStream())).isZero();
        assertThat(store.size(key("empty"))).contains(0L);
        try (InputStream in = store.get(key("empty"), 0, -1)) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }

    @Test
    void rangedGetReturnsOnlyTheRange() throws IOException {
        byte[] bytes = Bytes.random(1000, 2);
        store.put(key("r"), new ByteArrayInputStream(bytes));
        try (InputStream in = store.get(key("r"), 100, 50)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 100, 150));
        }
        try (InputStream in = store.get(key("r"), 990, -1)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 990, 1000));
        }
        try (InputStream in = store.get(key("r"), 999, 1)) {
            assertThat(in.readAllBytes()).containsExactly(bytes[999]);
        }
    }

    @Test
    void missingObjectsAreReportedAsMissing() throws IOException {
        assertThat(store.size(key("nothing"))).isEmpty();
        assertThatThrownBy(() -> store.get(key("nothing"), 0, -1)).isInstanceOf(NoSuchObjectException.class);
        assertThatThrownBy(() -> store.move(key("nothing"), key("elsewhere"))).isInstanceOf(NoSuchObjectException.class);
    }

    @Test
    void deleteRemovesAndIsIdempotent() throws IOException {
        store.put(key("d"), new ByteArrayInputStream(new byte[] {1, 2, 3}));
        store.delete(key("d"));
        assertThat(store.size(key("d"))).isEmpty();
        store.delete(key("d"));
        assertThat(store.list(prefix)).isEmpty();
    }

    @Test
    void listingShowsObjectsUnderThePrefixSorted() throws IOException {
        store.put(key("b/2"), new ByteArrayInputStream(new byte[] {2, 2}));
        store.put(key("a/1"), new ByteArrayInputStream(new byte[] {1}));
        store.put(key("c"), new ByteArrayInputStream(new byte[] {3, 3, 3}));
        store.put("contract-other/" + UUID.randomUUID(), new ByteArrayInputStream(new byte[] {9}));
        List<StoredObject> listed = store.list(prefix);
        assertThat(listed).extracting(StoredObject::key).containsExactly(key("a/1"), key("b/2"), key("c"));
        assertThat(listed).extracting(StoredObject::size).containsExactly(1L, 2L, 3L);
        assertThat(listed).allSatisfy(o -> assertThat(o.lastModified()).isNotNull());
        assertThat(store.list(key("b/"))).extracting(StoredObject::key).containsExactly(key("b/2"));
    }

    @Test
    void moveMakesTheObjectVisibleAtTheTargetAndRemovesTheSource() throws IOException {
        byte[] old = Bytes.random(100, 3);
        byte[] bytes = Bytes.random(5000, 4);
        store.put(key("target"), new ByteArrayInputStream(old));
        store.put(key("source"), new ByteArrayInputStream(bytes));
        store.move(key("source"), key("target"));
        assertThat(store.size(key("source"))).isEmpty();
        try (InputStream in = store.get(key("target"), 0, -1)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void largeObjectsRoundTrip() throws IOException {
        long size = 40L << 20; // more than two S3 parts
        java.nio.file.Path file = Bytes.randomFile(size, 5);
        try {
            assertThat(store.put(key("large"), java.nio.file.Files.newInputStream(file))).isEqualTo(size);
            assertThat(store.size(key("large"))).contains(size);
            assertThat(Bytes.sha256(store.get(key("large"), 0, -1))).isEqualTo(Bytes.sha256(file));
            store.move(key("large"), key("large-moved"));
            assertThat(Bytes.sha256(store.get(key("large-moved"), 0, -1))).isEqualTo(Bytes.sha256(file));
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void preparedBytesAppearOnlyWhenCommitted() throws IOException {
        for (int size : new int[] {0, 10_000, 40 << 20}) { // nothing, less than one S3 part, several parts
            byte[] bytes = Bytes.random(size, 7 + size);
            Pending pending = store.prepare(key("p" + size), key("staging-" + size), new ByteArrayInputStream(bytes));
            assertThat(pending.size()).isEqualTo(size);
            assertThat(store.size(key("p" + size))).as("visible before commit").isEmpty();
            pending.commit();
            try (InputStream in = store.get(key("p" + size), 0, -1)) {
                assertThat(in.readAllBytes()).isEqualTo(bytes);
            }
        }
        assertThat(store.list(prefix)).extracting(StoredObject::key)
                .containsExactly(key("p0"), key("p10000"), key("p" + (40 << 20)));
    }

    @Test
    void discardedBytesLeaveNothingBehind() throws IOException {
        store.put(key("kept"), new ByteArrayInputStream(Bytes.random(1000, 8)));
        for (int size : new int[] {10_000, 40 << 20}) {
            Pending pending = store.prepare(key("kept"), key("staging-" + size), new ByteArrayInputStream(Bytes.random(size, 9)));
            pending.discard();
        }
        assertThat(store.list(prefix)).extracting(StoredObject::key).containsExactly(key("kept"));
        assertThat(store.size(key("kept"))).contains(1000L);
    }

    @Test
    void aFailedWriteLeavesNothingBehind() throws IOException {
        byte[] bytes = Bytes.random(20 << 20, 6);
        InputStream failing = new java.io.FilterInputStream(new ByteArrayInputStream(bytes)) {
            long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > (18 << 20)) {
                    throw new IOException("connection reset by test");
                }
                int n = super.read(b, off, len);
                read += Math.max(n, 0);
                return n;
            }
        };
        assertThatThrownBy(() -> store.put(key("broken"), failing)).isInstanceOf(IOException.class);
        assertThat(store.size(key("broken"))).isEmpty();
        assertThat(store.list(prefix)).isEmpty();
    }

    @Test
    void concurrentWritersOfTheSameContentAllSucceed() throws Exception {
        byte[] bytes = Bytes.random((5 << 20) + 1, 7);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Long>> writers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                writers.add(() -> store.put(key("same"), new ByteArrayInputStream(bytes)));
            }
            for (Future<Long> result : pool.invokeAll(writers)) {
                assertThat(result.get()).isEqualTo(bytes.length);
            }
        } finally {
            pool.shutdownNow();
        }
        try (InputStream in = store.get(key("same"), 0, -1)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
        assertThat(store.list(prefix)).extracting(StoredObject::key).containsExactly(key("same"));
    }

    /**
     * Whether the racing writers below share their directories. A driver over a real directory tree must survive that;
     * S3 has no directories, and the S3 suite's server (S3Proxy on its filesystem backend) fails such races itself.
     */
    protected boolean racesThroughSharedDirectories() {
        return true;
    }

    /**
     * Uploads racing each other through one staging directory into shared fan-out directories, while others' deletes
     * empty those directories: every write lands (no write finds its directory gone under it).
     */
    @Test
    void writesMovesAndDeletesRacingThroughSharedDirectoriesAllSucceed() throws Exception {
        boolean shared = racesThroughSharedDirectories();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> writers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int writer = w;
                writers.add(() -> {
                    int done = 0;
                    for (int i = 0; i < 40; i++) {
                        byte[] bytes = Bytes.random(100 + i, writer * 1000 + i);
                        String own = shared ? "" : writer + "/";
                        String staging = key("staging/" + own + UUID.randomUUID());
                        String target = key("blobs/" + own + (i % 2) + "/" + writer + "-" + i);
                        store.put(staging, new ByteArrayInputStream(bytes));
                        store.move(staging, target);
                        try (InputStream in = store.get(target, 0, -1)) {
                            assertThat(in.readAllBytes()).isEqualTo(bytes);
                        }
                        store.delete(target);
                        done++;
                    }
                    return done;
                });
            }
            for (Future<Integer> result : pool.invokeAll(writers)) {
                assertThat(result.get()).isEqualTo(40);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.list(prefix)).isEmpty();
    }

    @Test
    void preparedBytesHeldOpenSurviveASweepOfEverythingIdle() throws IOException {
        byte[] bytes = Bytes.random(40 << 20, 11); // several S3 parts: a multipart upload held open until commit
        Pending pending = store.prepare(key("held"), key("staging-held"), new ByteArrayInputStream(bytes));
        store.removeStaleTemporaries(java.time.Duration.ZERO);
        pending.commit();
        assertThat(Bytes.sha256(store.get(key("held"), 0, -1))).isEqualTo(Bytes.sha256(bytes));
    }

    @Test
    void keysThatCouldEscapeAreRefused() {
        for (String bad : List.of("../x", "a/../../x", "/abs", "a//b", "a/./b", "a\\b", "", "dir/")) {
            assertThatThrownBy(() -> store.put(bad, InputStream.nullInputStream()))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void everyOperationRefusesAKeyThatCouldEscapeAndChangesNothing() throws IOException {
        byte[] bytes = Bytes.random(100, 10);
        store.put(key("kept"), new ByteArrayInputStream(bytes));
        String escape = prefix + "../../" + prefix + "kept";
        assertThatThrownBy(() -> store.size(escape)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.get(escape, 0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.delete(escape)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.move(escape, key("moved"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.move(key("kept"), escape)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.prepare(escape, key("staging"), new ByteArrayInputStream(bytes)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.prepare(key("p"), escape, new ByteArrayInputStream(bytes)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.list(prefix)).extracting(StoredObject::key).containsExactly(key("kept"));
        try (InputStream in = store.get(key("kept"), 0, -1)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void aReadCannotStartBeforeTheObject() throws IOException {
        store.put(key("o"), new ByteArrayInputStream(new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> store.get(key("o"), -1, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * An upload's chunks, stored the way the driver keeps them (appended in place to one staged object, or one object
     * each), become one object at the key only once the assembly is committed, with the bytes recorded and none past them.
     */
    @Test
    void assembledChunksAppearWholeOnlyWhenCommitted() throws IOException {
        byte[] bytes = Bytes.random((5 << 20) + 3000, 70);
        int cut = 5 << 20;
        List<StoredObject> pieces = new ArrayList<>();
        if (store.appendsInPlace()) {
            try (StagedObject staged = store.holdStaged(key("staged")).orElseThrow()) {
                assertThat(staged.write(0, new ByteArrayInputStream(bytes, 0, cut))).isEqualTo(cut);
                staged.write(cut, new ByteArrayInputStream(Bytes.random(5000, 71))); // an append that dies unrecorded
                assertThat(staged.write(cut, new ByteArrayInputStream(bytes, cut, bytes.length - cut))).isEqualTo(bytes.length - cut);
                staged.write(bytes.length, new ByteArrayInputStream(Bytes.random(100, 72))); // another, past the last recorded byte
            }
            pieces.add(new StoredObject(key("staged"), cut, null));
            pieces.add(new StoredObject(key("staged"), bytes.length - cut, null));
        } else {
            store.put(key("c0"), new ByteArrayInputStream(bytes, 0, cut));
            store.put(key("c1"), new ByteArrayInputStream(bytes, cut, bytes.length - cut));
            pieces.add(new StoredObject(key("c0"), cut, null));
            pieces.add(new StoredObject(key("c1"), bytes.length - cut, null));
        }
        Pending pending = store.assemble(pieces, key("whole")).orElseThrow();
        assertThat(pending.size()).isEqualTo(bytes.length);
        assertThat(store.size(key("whole"))).isEmpty();
        pending.commit();
        try (InputStream in = store.get(key("whole"), 0, -1)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void aStagedObjectHasOneWriterAtATimeAndTruncatedToNothingIsGone() throws IOException {
        if (!store.appendsInPlace()) {
            assertThat(store.assemble(List.of(new StoredObject(key("small"), 10, null), new StoredObject(key("b"), 10, null)), key("x")))
                    .as("a driver that keeps chunks apart cannot assemble parts below its minimum").isEmpty();
            return;
        }
        try (StagedObject staged = store.holdStaged(key("one")).orElseThrow()) {
            assertThat(store.holdStaged(key("one"))).as("held by another writer").isEmpty();
            staged.write(0, new ByteArrayInputStream(Bytes.random(1000, 73)));
            staged.truncate(400);
            assertThat(staged.size()).isEqualTo(400);
            assertThatThrownBy(() -> staged.write(500, InputStream.nullInputStream())).as("a gap before the offset").isInstanceOf(IOException.class);
            staged.truncate(0);
        }
        assertThat(store.size(key("one"))).isEmpty();
        assertThat(store.list(prefix)).isEmpty();
        try (StagedObject again = store.holdStaged(key("one")).orElseThrow()) {
            assertThat(again.size()).isZero();
        }
    }
}
