package org.stele.store;

import java.io.IOException;
import java.io.InputStream;

/**
 * An upload's staged object held by one writer (across processes sharing the storage) until closed: the chunks of a
 * resumable upload are written into it one after another, so that completing the upload moves it rather than writing
 * its bytes again. Never visible at a content address until committed ({@link BlobStore#assemble}).
 */
public interface StagedObject extends AutoCloseable {
    /** How many bytes it holds, recorded or not. */
    long size() throws IOException;

    /**
     * Writes {@code in} at {@code offset}, dropping first whatever lies past {@code offset} (the bytes of an append that
     * was never recorded). Durable on return.
     *
     * @return the number of bytes written
     */
    long write(long offset, InputStream in) throws IOException;

    /** Drops what lies past {@code length}; at 0 the object goes. Durable on return. */
    void truncate(long length) throws IOException;

    @Override
    void close() throws IOException;
}
