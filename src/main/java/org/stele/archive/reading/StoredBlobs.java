package org.stele.archive.reading;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.stele.archive.custody.BlobConditions;
import org.stele.domain.Digest;
import org.stele.domain.Timestamps;

/** What the catalog says of stored blobs to someone about to read them, for {@link BlobReads}. Runs in the caller's transaction. */
@ApplicationScoped
class StoredBlobs {
    private final EntityManager entityManager;

    StoredBlobs(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * What the archive knows of stored bytes, the same for every reader: their size, the damage on record, and what
     * {@link Servability#requireBlob} needs of the versions that hold them.
     */
    record Facts(long size, BlobConditions.Outcome damage, Servability.Blob servability) {
    }

    /** The facts of a blob as of {@code now} (embargoes end by the clock), or empty when none is stored. */
    Optional<Facts> facts(Digest digest, Instant now) {
        // Holders: versions (not discarded) whose files point at the content.
        List<?> rows = entityManager.createNativeQuery("""
                select b.size, b.purged_at is not null, f.outcome,
                  exists (select 1 from version_file vf join model_version v on v.id = vf.version_id join model m on m.id = v.model_id
                          where vf.digest = b.digest and v.state = 'published' and m.visibility = 'public'
                            and (v.embargo_until is null or v.embargo_until <= ?2))
                  or not exists (select 1 from version_file vf join model_version v on v.id = vf.version_id
                          where vf.digest = b.digest and v.state <> 'discarded'),
                  exists (select 1 from version_file vf join model_version v on v.id = vf.version_id
                          where vf.digest = b.digest and v.state = 'withdrawn')
                  and not exists (select 1 from version_file vf join model_version v on v.id = vf.version_id
                          where vf.digest = b.digest and v.state in ('draft', 'published')),
                  (select min(v.embargo_until) from version_file vf join model_version v on v.id = vf.version_id
                          join model m on m.id = v.model_id
                          where vf.digest = b.digest and v.state = 'published' and m.visibility = 'public' and v.embargo_until > ?2)
                from blob b left join blob_fixity f on f.digest = b.digest and f.outcome <> 'ok'
                where b.digest = ?1""")
                .setParameter(1, digest.toString())
                .setParameter(2, now.atOffset(ZoneOffset.UTC))
                .getResultList();
        return rows.stream().map(Object[].class::cast).findFirst().map(r -> new Facts(((Number) r[0]).longValue(),
                r[2] == null ? null : BlobConditions.Outcome.valueOf((String) r[2]),
                new Servability.Blob((Boolean) r[1], (Boolean) r[3], (Boolean) r[4], r[5] == null ? null : Timestamps.instant(r[5]))));
    }

    /** Whether a version (not discarded) of one of {@code namespaces} (lower case) holds the content. */
    boolean heldByAny(Digest digest, Collection<String> namespaces) {
        return (Boolean) entityManager.createNativeQuery("""
                select exists (select 1 from version_file f join model_version v on v.id = f.version_id join model m on m.id = v.model_id
                               where f.digest = ?1 and v.state <> 'discarded' and lower(m.namespace) = any(?2))""")
                .setParameter(1, digest.toString())
                .setParameter(2, namespaces.toArray(String[]::new))
                .getSingleResult();
    }
}
