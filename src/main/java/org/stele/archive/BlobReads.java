package org.stele.archive;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.stele.config.SteleConfig;
import org.stele.domain.ArchiveException;
import org.stele.domain.Blob;
import org.stele.domain.Digest;
import org.stele.domain.Timestamps;
import org.stele.store.BlobStore;
import org.stele.store.IntegrityException;
import org.stele.store.NoSuchObjectException;
import org.stele.store.VerifyingInputStream;

/**
 * Finds stored blobs and opens their bytes. Bytes known to be damaged are never handed out (500
 * {@code integrity_error}); whole reads are verified as they stream when {@code stele.verify-downloads} is on, and a
 * mismatch flags the blob so the next reader is refused up front and a repair follows.
 */
@ApplicationScoped
public class BlobReads {
    private static final Logger LOG = Logger.getLogger(BlobReads.class);

    private final BlobStore store;
    private final Permissions permissions;
    private final BlobConditions conditions;
    private final boolean verify;

    BlobReads(BlobStore store, Permissions permissions, BlobConditions conditions, SteleConfig config) {
        this.store = store;
        this.permissions = permissions;
        this.conditions = conditions;
        this.verify = config.verifyDownloads();
    }

    /**
     * The blob, if this request may know of it: content of a released version of a public model whose embargo is
     * over is everyone's, and so is content no version holds (yet); content held only by drafts, restricted models or
     * embargoed versions is only their namespace's readers'. Anything else is 404, exactly as for a digest never stored.
     */
    @Transactional
    public Blob find(Digest digest) {
        Blob blob = Blob.findById(digest.toString());
        if (blob == null || !(permissions.isAdmin() || visible(digest))) {
            throw ArchiveException.notFound("blob_not_found", "Blob not found", "no blob " + digest + " in this archive");
        }
        if (blob.purgedAt != null) {
            throw new ArchiveException(410, "blob_purged", "Content removed", "the bytes of " + digest + " were removed by a takedown");
        }
        return blob;
    }

    private boolean visible(Digest digest) {
        Object[] row = (Object[]) Blob.getEntityManager().createNativeQuery("""
                select
                  exists (select 1 from version_file f join model_version v on v.id = f.version_id join model m on m.id = v.model_id
                          where f.digest = ?1 and v.state in ('published', 'withdrawn') and m.visibility = 'public'
                            and (v.embargo_until is null or v.embargo_until <= ?2)),
                  exists (select 1 from version_file f join model_version v on v.id = f.version_id join model m on m.id = v.model_id
                          where f.digest = ?1 and v.state <> 'discarded' and lower(m.namespace) = any(?3)),
                  exists (select 1 from version_file f join model_version v on v.id = f.version_id
                          where f.digest = ?1 and v.state <> 'discarded')""")
                .setParameter(1, digest.toString())
                .setParameter(2, Timestamps.now().atOffset(java.time.ZoneOffset.UTC))
                .setParameter(3, permissions.readableNamespaces().toArray(String[]::new))
                .getSingleResult();
        boolean open = (Boolean) row[0];
        boolean readable = (Boolean) row[1];
        boolean referenced = (Boolean) row[2];
        return open || readable || !referenced;
    }

    /**
     * Opens {@code length} bytes of stored content from {@code offset}; the caller closes the stream. A read of the
     * whole content is verified as it streams (ranged reads cannot be: their bytes alone have no known digest).
     *
     * @throws ArchiveException 500 {@code integrity_error} when the bytes are known to be missing or corrupt
     */
    public InputStream open(Digest digest, long offset, long length) throws IOException {
        Optional<BlobConditions.Outcome> damage = conditions.damage(digest);
        if (damage.isPresent()) {
            throw integrityError(digest, damage.get());
        }
        InputStream in;
        try {
            in = store.get(digest.storageKey(), offset, length);
        } catch (NoSuchObjectException e) {
            flag(digest, new IntegrityException("no object at " + digest.storageKey() + " in " + store.location(), true));
            throw integrityError(digest, BlobConditions.Outcome.missing);
        }
        if (!verify || offset != 0) {
            return in;
        }
        Blob blob = Blob.findById(digest.toString());
        if (blob == null || (length >= 0 && length != blob.size)) {
            return in;
        }
        return new VerifyingInputStream(in, digest, blob.size, damaged -> flag(digest, damaged));
    }

    /** The answer for bytes that must not be served. */
    public static ArchiveException integrityError(Digest digest, BlobConditions.Outcome outcome) {
        return new ArchiveException(500, "integrity_error", "Integrity error", "the stored bytes of " + digest + " are "
                + outcome + "; they are not served until they are repaired from a verified copy");
    }

    private void flag(Digest digest, IntegrityException damage) {
        try {
            conditions.record(digest, BlobConditions.Copy.primary,
                    damage.missing() ? BlobConditions.Outcome.missing : BlobConditions.Outcome.corrupt, damage.getMessage(), "download");
        } catch (RuntimeException e) {
            LOG.errorf("could not flag damaged blob %s (%s): %s", digest, damage.getMessage(), e.getMessage());
        }
        LOG.errorf("refused to serve %s: %s", digest, damage.getMessage());
    }
}
