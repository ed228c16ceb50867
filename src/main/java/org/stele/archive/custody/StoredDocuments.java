package org.stele.archive.custody;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.stele.archive.signing.DocumentSignatures;
import org.stele.store.BlobStore;

/**
 * The one way a document the catalog can be rebuilt from reaches storage (records, model documents, takedowns, version
 * signatures): written to the primary store and queued for the replica in the caller's transaction, before that
 * transaction commits, so the catalog never names a document storage lacks. Every JSON document gets the archive's
 * detached signature beside it ({@link DocumentSignatures}), written and replicated the same way.
 */
@ApplicationScoped
public class StoredDocuments {
    private final BlobStore store;
    private final ObjectMapper json;
    private final Replication replication;
    private final DocumentSignatures signatures;

    StoredDocuments(BlobStore store, ObjectMapper json, Replication replication, DocumentSignatures signatures) {
        this.store = store;
        this.json = json;
        this.replication = replication;
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
        replication.enqueue(key, null);
    }
}
