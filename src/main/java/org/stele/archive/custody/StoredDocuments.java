package org.stele.archive.custody;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.jboss.logging.Logger;
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
    private static final Logger LOG = Logger.getLogger(StoredDocuments.class);
    private static final Object NEW_DOCUMENTS = new Object();
    private final BlobStore store;
    private final ObjectMapper json;
    private final Replication replication;
    private final DocumentDigests digests;
    private final DocumentSignatures signatures;
    private final TransactionSynchronizationRegistry transactions;
    private final ExecutorService cleaner = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "stele-uncommitted-documents");
        thread.setDaemon(true);
        return thread;
    });

    StoredDocuments(BlobStore store, ObjectMapper json, Replication replication, DocumentDigests digests,
            DocumentSignatures signatures, TransactionSynchronizationRegistry transactions) {
        this.transactions = transactions;
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
        digests.lock(key);
        if (digests.of(key).isEmpty()) {
            removeUnlessCommitted(key); // before the bytes go out: a write that times out may still land
        }
        store.put(key, new ByteArrayInputStream(bytes));
        digests.written(key, Digest.ofContent(bytes), bytes.length);
        replication.enqueue(key, null);
    }

    /**
     * A document written for the first time by a transaction that then rolls back (a publish that failed half-way in an
     * outage) must not stay in storage, where a rebuild would take it for the truth: once the transaction is over, its
     * new documents are removed, each under its write lock and only while the catalog still knows none. What cannot be
     * removed then (storage still away) the record audit removes at the end of the next fixity pass; a new write of the
     * same key replaces it meanwhile. A document that was rewritten (not new) is proven and repaired by that audit.
     */
    private void removeUnlessCommitted(String key) {
        if (transactions.getTransactionKey() == null) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<String> written = (List<String>) transactions.getResource(NEW_DOCUMENTS);
        if (written == null) {
            List<String> keys = new ArrayList<>();
            transactions.putResource(NEW_DOCUMENTS, keys);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status != Status.STATUS_COMMITTED) {
                        cleaner.submit(() -> removeUncommitted(keys));
                    }
                }
            });
            written = keys;
        }
        written.add(key);
    }

    private void removeUncommitted(List<String> keys) {
        for (String key : keys) {
            try {
                QuarkusTransaction.requiringNew().run(() -> removeUncommitted(key));
            } catch (RuntimeException e) {
                LOG.warnf("could not remove %s, written by a transaction that did not commit; the record audit will: %s", key,
                        e.getMessage());
                return; // storage is likely still away: the audit removes the rest
            }
        }
    }

    /** Removes what a transaction that did not commit wrote at {@code key}, unless a committed write has replaced it since. */
    public void removeUncommitted(String key) {
        digests.lock(key);
        if (digests.of(key).isEmpty()) {
            try {
                store.delete(key);
            } catch (IOException e) {
                throw new UncheckedIOException("could not remove " + key, e);
            }
            LOG.infof("removed %s, written by a transaction that did not commit", key);
        }
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
