package org.stele.archive.custody;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;
import org.stele.domain.Digest;
import org.stele.domain.IntegrityException;
import org.stele.store.BlobStore;
import org.stele.store.NoSuchObjectException;
import org.stele.store.Sha256InputStream;
import org.stele.store.StorageLayout;
import org.stele.store.Throttle;

/** Re-reads stored copies to prove them, and copies between stores so that only proven bytes ever land. */
public final class StoredCopies {
    private StoredCopies() {
    }

    /** What re-reading one copy found. */
    public record Check(BlobConditions.Outcome outcome, String detail) {
        public boolean ok() {
            return outcome == BlobConditions.Outcome.ok;
        }
    }

    /**
     * Re-reads a blob's whole copy in {@code store} and compares its SHA-256 and size with the catalog's.
     *
     * @param throttle the bandwidth cap to read under, or null for none
     * @throws IOException when the store cannot be read: that says nothing about the bytes, so nothing is recorded
     */
    public static Check check(BlobStore store, Digest digest, long size, Throttle throttle) throws IOException {
        Sha256InputStream hashing;
        try (InputStream in = store.get(StorageLayout.blob(digest), 0, -1)) {
            hashing = new Sha256InputStream(throttled(in, throttle));
            byte[] buffer = new byte[1 << 20];
            while (hashing.read(buffer) >= 0) {
                // hashing is all there is to do
            }
        } catch (NoSuchObjectException e) {
            return new Check(BlobConditions.Outcome.missing, "no object at " + StorageLayout.blob(digest) + " in " + store.location());
        }
        Digest actual = hashing.digest();
        if (hashing.count() != size || !actual.equals(digest)) {
            return new Check(BlobConditions.Outcome.corrupt, "stored copy in " + store.location() + " holds " + hashing.count()
                    + " bytes hashing to " + actual + "; expected " + size + " bytes");
        }
        return new Check(BlobConditions.Outcome.ok, null);
    }

    /**
     * Copies a blob from one store to another through a staging key: the bytes land at their address only once they
     * hash to {@code digest}, and the landed copy is then re-read and proven.
     *
     * @param throttle the bandwidth cap to read both under (a repair counts against its fixity pass), or null for none
     * @throws IntegrityException when the source copy is missing or wrong (nothing is written)
     */
    public static void copyBlob(BlobStore from, BlobStore to, Digest digest, long size, Throttle throttle) throws IOException {
        String staging = StorageLayout.copyStaging();
        Sha256InputStream hashing;
        try (InputStream in = from.get(StorageLayout.blob(digest), 0, -1)) {
            hashing = new Sha256InputStream(throttled(in, throttle));
            to.put(staging, hashing);
        } catch (NoSuchObjectException e) {
            throw new IntegrityException("the source copy of " + digest + " in " + from.location() + " is missing", true);
        } catch (IOException | RuntimeException e) {
            to.delete(staging);
            throw e;
        }
        if (hashing.count() != size || !hashing.digest().equals(digest)) {
            to.delete(staging);
            throw new IntegrityException("the source copy of " + digest + " in " + from.location() + " is corrupt", false);
        }
        to.move(staging, StorageLayout.blob(digest));
        Check landed = check(to, digest, size, throttle);
        if (!landed.ok()) {
            throw new IOException("the copy of " + digest + " in " + to.location() + " did not verify: " + landed.detail());
        }
    }

    /** {@code in}, read no faster than {@code throttle} allows (as it is, when null). */
    private static InputStream throttled(InputStream in, Throttle throttle) {
        if (throttle == null) {
            return in;
        }
        return new java.io.FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    try {
                        throttle.consumed(n);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("interrupted while reading under the bandwidth cap");
                    }
                }
                return n;
            }
        };
    }

    /**
     * Copies a small document (a version record) and proves the copy equals the source, byte for byte. When the
     * catalog knows the bytes that were written, a source that differs from them is not copied: an edited primary
     * must never spread over a good replica copy.
     */
    static void copyDocument(BlobStore from, BlobStore to, String key, Optional<DocumentDigests.Expected> expected) throws IOException {
        if (expected.isPresent()) {
            StoredDocuments.Copy source = StoredDocuments.check(from, expected.get());
            if (!source.ok()) {
                throw new IntegrityException("the source of " + key + " in " + from.location() + " is " + source.problem(),
                        source.bytes() == null);
            }
            StoredDocuments.restore(to, expected.get(), source);
            return;
        }
        byte[] source;
        try (InputStream in = from.get(key, 0, -1)) {
            source = in.readAllBytes();
        } catch (NoSuchObjectException e) {
            throw new IntegrityException("the source of " + key + " in " + from.location() + " is missing", true);
        }
        to.put(key, new java.io.ByteArrayInputStream(source));
        byte[] landed;
        try (InputStream in = to.get(key, 0, -1)) {
            landed = in.readAllBytes();
        }
        if (!Arrays.equals(source, landed)) {
            throw new IOException("the copy of " + key + " in " + to.location() + " differs from its source");
        }
    }
}
