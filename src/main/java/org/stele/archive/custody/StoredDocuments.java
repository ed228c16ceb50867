package org.stele.archive.custody;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.stele.archive.signing.DocumentSignatures;
import org.stele.domain.Digest;
import org.stele.store.BlobStore;
import org.stele.store.NoSuchObjectException;

/**
 * The one way a document the catalog can be rebuilt from reaches storage (records, model documents, takedowns, version
 * signatures): written to the primary store and queued for the replica in the caller's transaction, before that
 * transaction commits, so the catalog never names a document storage lacks. Every JSON document gets the archive's
 * detached signature beside it ({@link DocumentSignatures}), so the bucket and the public key alone can prove it; the
 * catalog keeps the SHA-256 of every object written ({@link DocumentDigests}), so every copy is proven byte for byte
 * and an edited one is never trusted or spread.
 */
@ApplicationScoped
public class StoredDocuments {
    private final BlobStore store;
    private final ObjectMapper json;
    private final Replication replication;
    private final DocumentDigests digests;
    private final DocumentSignatures signatures;

    StoredDocuments(BlobStore store, ObjectMapper json, Replication replication, DocumentDigests digests,
            DocumentSignatures signatures) {
        this.store = store;
        this.json = json;
        this.replication = replication;
        this.digests = digests;
        this.signatures = signatures;
    }

    /** Writes {@code document} as JSON at {@code key}, and its signature beside it; {@code what} names it in errors. */
    public void put(String key, Object document, String what) {
        try {
            byte[] bytes = json.writeValueAsBytes(document);
            write(key, bytes);
            write(DocumentSignatures.signatureKey(key), signatures.sign(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + what, e);
        }
    }

    /** Writes bytes that are their own proof (a signature bundle) at {@code key}, without a signature of their own. */
    public void putBytes(String key, byte[] bytes, String what) {
        try {
            write(key, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + what, e);
        }
    }

    private void write(String key, byte[] bytes) throws IOException {
        store.put(key, new ByteArrayInputStream(bytes));
        digests.written(key, Digest.ofContent(bytes), bytes.length);
        replication.enqueue(key, null);
    }

    /** What re-reading one stored copy of a document found. */
    public record Copy(byte[] bytes, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    /** Re-reads the copy of {@code key} in {@code in} and compares it with the bytes the catalog says were written. */
    public static Copy check(BlobStore in, DocumentDigests.Expected expected) throws IOException {
        byte[] bytes;
        try (InputStream stream = in.get(expected.key(), 0, -1)) {
            bytes = stream.readAllBytes();
        } catch (NoSuchObjectException e) {
            return new Copy(null, "missing");
        }
        Digest actual = Digest.ofContent(bytes);
        return actual.equals(expected.digest()) ? new Copy(bytes, null)
                : new Copy(bytes, "altered: its " + bytes.length + " bytes hash to " + actual + ", not to the " + expected.size()
                        + " bytes hashing to " + expected.digest() + " that were written");
    }

    /** Puts a copy that {@link #check} proved back into {@code to}, and proves it landed. */
    public static void restore(BlobStore to, DocumentDigests.Expected expected, Copy proven) throws IOException {
        if (!proven.ok()) {
            throw new IllegalArgumentException("only a proven copy may be restored");
        }
        to.put(expected.key(), new ByteArrayInputStream(proven.bytes()));
        Copy landed = check(to, expected);
        if (!landed.ok()) {
            throw new IOException("the restored copy of " + expected.key() + " in " + to.location() + " is " + landed.problem());
        }
    }

    /** The catalog's expectation of a document's bytes, when it has one (documents older than it have none until proven). */
    public Optional<DocumentDigests.Expected> expected(String key) {
        return digests.of(key);
    }

    /** Adopts the bytes a pass has just proven against the catalog as the expected bytes of a document that had none. */
    public void adopt(String key, byte[] bytes) {
        digests.written(key, Digest.ofContent(bytes), bytes.length);
    }

}
