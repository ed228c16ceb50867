package org.stele.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.stele.domain.Digest;

/** The one place bytes are hashed on their way to storage: SHA-256 and a byte count of all that was read. */
public final class Sha256InputStream extends FilterInputStream {
    private final MessageDigest sha256;
    private long count;
    private Digest digest;

    public Sha256InputStream(InputStream in) {
        super(in);
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            sha256.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        int n = in.read(buffer, off, len);
        if (n > 0) {
            sha256.update(buffer, off, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) {
        return 0; // skipping would leave bytes unhashed
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** The digest of everything read, taken once the stream is exhausted; later calls answer the same. */
    public Digest digest() {
        if (digest == null) {
            digest = Digest.of(sha256.digest());
        }
        return digest;
    }

    public long count() {
        return count;
    }
}
