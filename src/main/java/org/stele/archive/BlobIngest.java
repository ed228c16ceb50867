package org.stele.archive;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.stele.domain.ArchiveException;
import org.stele.domain.Blob;
import org.stele.domain.Digest;
import org.stele.store.BlobStore;
import org.stele.store.Sha256InputStream;

/**
 * Brings bytes into the archive: streams them to a staging key while hashing, checks the digest the
 * client declared, then moves them to their content address and records them in the catalog. Until
 * that move nothing is visible; on any failure the staged bytes are removed.
 */
@ApplicationScoped
public class BlobIngest {
    static final String STAGING_PREFIX = "uploads/staging/";
    private static final Logger LOG = Logger.getLogger(BlobIngest.class);

    private final BlobStore store;
    private final BlobConditions conditions;
    private final Replication replication;

    BlobIngest(BlobStore store, BlobConditions conditions, Replication replication) {
        this.store = store;
        this.conditions = conditions;
        this.replication = replication;
    }

    /** The outcome of an ingest: what is stored, and whether this call stored it first. */
    public record Stored(Digest digest, long size, boolean created) {
    }

    public Stored ingest(InputStream body, Optional<Digest> expected) throws IOException {
        String staging = STAGING_PREFIX + UUID.randomUUID();
        Sha256InputStream hashing = new Sha256InputStream(body);
        try {
            long size = store.put(staging, hashing);
            Digest actual = hashing.digest();
            if (expected.isPresent() && !expected.get().equals(actual)) {
                throw ArchiveException.badRequest("digest_mismatch", "Digest mismatch",
                        "the bytes received hash to " + actual + ", not " + expected.get() + "; nothing was stored");
            }
            boolean damaged = conditions.damage(actual).isPresent();
            if (store.size(actual.storageKey()).isPresent() && !damaged) {
                store.delete(staging); // the content is already there: store nothing twice
            } else {
                store.move(staging, actual.storageKey()); // new, or proven bytes replacing a damaged copy
            }
            boolean created = QuarkusTransaction.requiringNew().call(() -> {
                boolean first = Blob.record(actual, size);
                if (first) {
                    replication.enqueue(actual.storageKey(), actual);
                }
                return first;
            });
            if (damaged) {
                conditions.record(actual, BlobConditions.Copy.primary, BlobConditions.Outcome.ok, "the same bytes were uploaded again",
                        "upload");
            }
            return new Stored(actual, size, created);
        } catch (IOException | RuntimeException e) {
            discard(staging);
            throw e;
        }
    }

    private void discard(String staging) {
        try {
            store.delete(staging);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("could not remove staged upload %s (%s); the sweeper will retry", staging, e.getMessage());
        }
    }
}
