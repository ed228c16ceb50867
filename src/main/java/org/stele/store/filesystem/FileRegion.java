package org.stele.store.filesystem;

import java.io.FilterInputStream;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Stored bytes that are a region of a local file: the filesystem driver hands these out, so that an answer can
 * send them with the kernel's sendfile instead of copying them through the JVM. Reading the stream works as well.
 */
public final class FileRegion extends FilterInputStream {
    private final Path file;
    private final long offset;
    private final long length;

    FileRegion(InputStream in, Path file, long offset, long length) {
        super(in);
        this.file = file;
        this.offset = offset;
        this.length = length;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }

    public long length() {
        return length;
    }
}
