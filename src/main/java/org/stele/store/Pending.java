package org.stele.store;

import java.io.IOException;

/**
 * Bytes written for a key that are not visible there yet: the writer checks them (their digest), then commits them,
 * which makes them appear whole at the key (replacing what is there), or discards them, which leaves nothing behind.
 */
public interface Pending {
    /** How many bytes were written. */
    long size();

    void commit() throws IOException;

    void discard() throws IOException;

    /** A storage step that may fail. */
    interface Step {
        void run() throws IOException;
    }

    static Pending of(long size, Step commit, Step discard) {
        return new Pending() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public void commit() throws IOException {
                commit.run();
            }

            @Override
            public void discard() throws IOException {
                discard.run();
            }
        };
    }

    /** Bytes put under a staging key of {@code store}, moved to {@code key} on commit. */
    static Pending staged(BlobStore store, String staging, long size, String key) {
        return of(size, () -> store.move(staging, key), () -> store.delete(staging));
    }
}
