package org.stele.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.stele.domain.Digest;

/**
 * The one place bytes are hashed on their way to storage: SHA-256 and a byte count of all that was read. Hashing may
 * take up a saved state (a resumable upload's earlier chunks), whose state it then carries on.
 */
public final class Sha256InputStream extends FilterInputStream {
    private final MessageDigest sha256;
    /** The state taken up and carried on, or null when this stream hashes from the first byte with the JDK's digest. */
    private final Sha256State carried;
    private long count;
    private Digest digest;

    public Sha256InputStream(InputStream in) {
        super(in);
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        this.carried = null;
    }

    /** Hashes on from {@code state}, which it updates: {@link #digest()} covers the bytes hashed before too. */
    public Sha256InputStream(InputStream in, Sha256State state) {
        super(in);
        this.sha256 = null;
        this.carried = state;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            update(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        int n = in.read(buffer, off, len);
        if (n > 0) {
            update(buffer, off, n);
        }
        return n;
    }

    private void update(byte[] buffer, int off, int n) {
        if (carried != null) {
            carried.update(buffer, off, n);
        } else {
            sha256.update(buffer, off, n);
        }
        count += n;
    }

    /** The state carried on, to be saved; only for a stream that took one up. */
    public Sha256State state() {
        if (carried == null) {
            throw new IllegalStateException("this stream hashes from the first byte and carries no state");
        }
        return carried;
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
            digest = carried != null ? carried.digest() : Digest.of(sha256.digest());
        }
        return digest;
    }

    /** The bytes read through this stream (not those of a state it took up). */
    public long count() {
        return count;
    }
}
