package org.stele.archive.custody;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.stele.store.BlobStore;

/**
 * The one way a JSON document the catalog can be rebuilt from reaches storage (records, model documents, takedowns):
 * written to the primary store and queued for the replica in the caller's transaction, before that transaction
 * commits, so the catalog never names a document storage lacks.
 */
@ApplicationScoped
public class StoredDocuments {
    private final BlobStore store;
    private final ObjectMapper json;
    private final Replication replication;

    StoredDocuments(BlobStore store, ObjectMapper json, Replication replication) {
        this.store = store;
        this.json = json;
        this.replication = replication;
    }

    /** Writes {@code document} as JSON at {@code key}; {@code what} names it in the error when storage fails. */
    public void put(String key, Object document, String what) {
        try {
            store.put(key, new ByteArrayInputStream(json.writeValueAsBytes(document)));
            replication.enqueue(key, null);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + what, e);
        }
    }
}
