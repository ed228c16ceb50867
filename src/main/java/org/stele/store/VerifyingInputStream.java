package org.stele.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;
import org.stele.domain.Digest;
import org.stele.domain.IntegrityException;

/**
 * Hands out a whole object while hashing it, and withholds its last bytes until the hash and size are proven:
 * a reader sent on with these bytes never receives the complete (Content-Length) body of wrong content, it sees
 * the stream fail instead. {@code onDamage} hears of a mismatch before the failure is thrown. Skipping and marks are
 * refused by the hashing stream underneath, so no byte goes unhashed.
 */
public final class VerifyingInputStream extends FilterInputStream {
    private final Sha256InputStream hashing;
    private final Digest expected;
    private final long size;
    private final Consumer<IntegrityException> onDamage;
    private long delivered;
    private boolean verified;

    public VerifyingInputStream(InputStream in, Digest expected, long size, Consumer<IntegrityException> onDamage) {
        super(new Sha256InputStream(in));
        this.hashing = (Sha256InputStream) this.in;
        this.expected = expected;
        this.size = size;
        this.onDamage = onDamage;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        if (verified) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int n = hashing.read(buffer, off, (int) Math.min(len, Math.max(1, size - delivered)));
        if (n < 0 || delivered + n >= size) {
            // The last bytes (or a premature end): prove the whole content before letting them go.
            verify();
            if (n < 0) {
                return -1;
            }
        }
        delivered += n;
        return n;
    }

    private void verify() throws IOException {
        if (hashing.read() >= 0) {
            fail("stored object is longer than " + size + " bytes");
        }
        if (hashing.count() != size) {
            fail("stored object holds " + hashing.count() + " bytes, not " + size);
        }
        Digest actual = hashing.digest();
        if (!actual.equals(expected)) {
            fail("stored bytes hash to " + actual + ", not " + expected);
        }
        verified = true;
    }

    private void fail(String why) throws IntegrityException {
        IntegrityException damage = new IntegrityException(why, false);
        onDamage.accept(damage);
        throw damage;
    }
}
