package org.stele.archive.deposit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.stele.archive.access.AuditTrail;
import org.stele.archive.access.Permissions;
import org.stele.archive.custody.BlobConditions;
import org.stele.archive.custody.Replication;
import org.stele.domain.ArchiveException;
import org.stele.domain.Digest;
import org.stele.domain.ErrorCode;
import org.stele.domain.catalog.Blob;
import org.stele.store.BlobStore;
import org.stele.store.Pending;
import org.stele.store.Sha256InputStream;
import org.stele.store.StorageLayout;

/**
 * Brings bytes into the archive: streams them to a staging key while hashing, checks the digest the
 * client declared, then moves them to their content address and records them in the catalog. Until
 * that move nothing is visible; on any failure the staged bytes are removed.
 */
@ApplicationScoped
public class BlobIngest {
    private static final Logger LOG = Logger.getLogger(BlobIngest.class);
    /** Moving a very large object on S3 is a server-side copy that can take minutes. */
    private static final int SETTLE_TIMEOUT_SECONDS = 6 * 3600;

    private final Permissions permissions;
    private final BlobStore store;
    private final BlobConditions conditions;
    private final Replication replication;
    private final AuditTrail audit;
    private final UploadsInProgress inProgress;

    BlobIngest(BlobStore store, BlobConditions conditions, Replication replication, AuditTrail audit, Permissions permissions,
            UploadsInProgress inProgress) {
        this.inProgress = inProgress;
        this.permissions = permissions;
        this.store = store;
        this.conditions = conditions;
        this.replication = replication;
        this.audit = audit;
    }

    /** The outcome of an ingest: what is stored, and whether this call stored it first. */
    public record Stored(Digest digest, long size, boolean created) {
    }

    /** Stores a request's bytes as a blob of their own (a depositor's write; nothing is read before the check). */
    public Stored store(IncomingBytes body, Optional<Digest> expected) throws IOException {
        permissions.requireDepositor();
        try (InputStream in = body.open()) {
            return ingest(in, expected);
        }
    }

    /** Brings bytes in for a use case that checked its caller already. */
    public Stored ingest(InputStream body, Optional<Digest> expected) throws IOException {
        return ingest(body, expected, permissions.accountId());
    }

    /**
     * Brings bytes in for {@code uploader}, who is credited with holding them (so he may attach them to a draft): the
     * caller, or the account an upload link was handed to when the request itself carries no token.
     */
    public Stored ingest(InputStream body, Optional<Digest> expected, Optional<UUID> uploader) throws IOException {
        String staging = StorageLayout.staging();
        Sha256InputStream hashing = new Sha256InputStream(body);
        Pending pending = null;
        try (UploadsInProgress.Held held = inProgress.hold(staging)) {
            pending = write(hashing, expected, staging);
            Digest actual = hashing.digest();
            if (expected.isPresent() && !expected.get().equals(actual)) {
                throw mismatch(actual, expected.get());
            }
            return settle(pending, actual, uploader);
        } catch (UncheckedIOException e) {
            discard(pending, staging);
            throw e.getCause();
        } catch (IOException | RuntimeException e) {
            discard(pending, staging);
            throw e;
        }
    }

    /**
     * Makes bytes already written and hashed (a resumable upload's, assembled in storage) the blob {@code digest}, as
     * {@link #ingest} does with the bytes it writes; on failure they are discarded.
     */
    public Stored adopt(Pending written, Digest digest, Optional<UUID> uploader) throws IOException {
        try {
            return settle(written, digest, uploader);
        } catch (UncheckedIOException e) {
            discard(written, null);
            throw e.getCause();
        } catch (RuntimeException e) {
            discard(written, null);
            throw e;
        }
    }

    /** The refusal of bytes that do not hash to what the client declared. */
    static ArchiveException mismatch(Digest actual, Digest expected) {
        return new ArchiveException(ErrorCode.DIGEST_MISMATCH, "the bytes received hash to " + actual + ", not " + expected + "; nothing was stored");
    }

    private Stored settle(Pending written, Digest actual, Optional<UUID> uploader) {
        long size = written.size();
        boolean damaged = conditions.damage(actual).isPresent();
        boolean created = QuarkusTransaction.requiringNew().timeout(SETTLE_TIMEOUT_SECONDS)
                .call(() -> settle(written, actual, size, damaged, uploader));
        if (damaged) {
            conditions.record(actual, BlobConditions.Copy.primary, BlobConditions.Outcome.ok, "the same bytes were uploaded again",
                    "upload");
        }
        return new Stored(actual, size, created);
    }

    /**
     * Writes the body, not yet visible: a declared digest names the content address up front, so the bytes can go there
     * directly; otherwise the address is known only once they are all read, and they wait under the staging key.
     */
    private Pending write(Sha256InputStream hashing, Optional<Digest> expected, String staging) throws IOException {
        if (expected.isPresent()) {
            return store.prepare(StorageLayout.blob(expected.get()), staging, hashing);
        }
        long size = store.put(staging, hashing);
        return Pending.staged(store, staging, size, StorageLayout.blob(hashing.digest()));
    }

    /**
     * Makes written bytes visible at their content address under the blob row's lock, so a garbage collection removing
     * the same content either finished before (the bytes are put back) or waits until this commits (and sees a new upload).
     */
    private boolean settle(Pending written, Digest digest, long size, boolean damaged, Optional<UUID> uploader) {
        boolean created = Blob.record(digest, size);
        uploader.ifPresent(account -> Blob.recordUpload(digest, account)); // the sender proved he holds the bytes
        if (created) {
            // Who filled the storage: the caller, or for an upload link (sent without a token) the account it was handed to.
            Map<String, Object> details = uploader.isPresent() && permissions.accountId().isEmpty()
                    ? Map.of("size", size, "uploader", uploader.get().toString()) : Map.of("size", size);
            audit.record("blob.stored", digest.toString(), Optional.empty(), details);
        }
        try {
            if (store.size(StorageLayout.blob(digest)).isPresent() && !damaged) {
                written.discard(); // the content is already there: store nothing twice
            } else {
                written.commit(); // new, or proven bytes replacing a damaged, lost or taken-down copy
                replication.enqueue(StorageLayout.blob(digest), digest); // and the replica gets them again too
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return created;
    }

    /**
     * Drops what an ingest wrote; the staging key (if any) is removed too, for a failure may come before anything was
     * pending.
     */
    private void discard(Pending pending, String staging) {
        try {
            if (pending != null) {
                pending.discard();
            }
            if (staging != null) {
                store.delete(staging);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("could not remove staged upload %s (%s); the sweeper will retry", staging, e.getMessage());
        }
    }
}
