package org.stele.archive.reading;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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
                            and (v.embargo_until is null or v.embargo_until <= ?2)),
                  exists (select 1 from version_file vf join model_version v on v.id = vf.version_id
                          where vf.digest = b.digest and v.state = 'withdrawn')
                  and not exists (select 1 from version_file vf join model_version v on v.id = vf.version_id
                          where vf.digest = b.digest and v.state in ('draft', 'published')),
                  (select min(v.embargo_until) from version_file vf join model_version v on v.id = vf.version_id
                          join model m on m.id = v.model_id
                          where vf.digest = b.digest and v.state = 'published' and m.visibility = 'public' and v.embargo_until > ?2),
                  exists (select 1 from version_file vf join model_version v on v.id = vf.version_id
                          where vf.digest = b.digest and v.state <> 'discarded'),
                  exists (select 1 from version_file vf join model_version v on v.id = vf.version_id join model m on m.id = v.model_id
                          where vf.digest = b.digest and v.state in ('published', 'withdrawn') and m.visibility = 'public')
                from blob b left join blob_fixity f on f.digest = b.digest and f.outcome <> 'ok'
                where b.digest = ?1""")
                .setParameter(1, digest.toString())
                .setParameter(2, now.atOffset(ZoneOffset.UTC))
                .getResultList();
        return rows.stream().map(Object[].class::cast).findFirst().map(r -> new Facts(((Number) r[0]).longValue(),
                r[2] == null ? null : BlobConditions.Outcome.valueOf((String) r[2]),
                new Servability.Blob((Boolean) r[1], (Boolean) r[3], (Boolean) r[4], r[5] == null ? null : Timestamps.instant(r[5]),
                        (Boolean) r[6], (Boolean) r[7])));
    }

    /**
     * How far one caller reaches stored bytes.
     *
     * @param live     a draft or published version of one of the caller's readable namespaces holds them
     * @param held     a version (not discarded) of one of those namespaces holds them, withdrawn ones included
     * @param uploaded the caller's user uploaded them
     */
    record Reach(boolean live, boolean held, boolean uploaded) {
    }

    /** How far a caller reading {@code namespaces} (lower case), as {@code account} if any, reaches the content. */
    Reach reach(Digest digest, Collection<String> namespaces, Optional<UUID> account) {
        Object[] row = (Object[]) entityManager.createNativeQuery("""
                select exists (select 1 from version_file f join model_version v on v.id = f.version_id join model m on m.id = v.model_id
                               where f.digest = ?1 and v.state in ('draft', 'published') and lower(m.namespace) = any(?2)),
                       exists (select 1 from version_file f join model_version v on v.id = f.version_id join model m on m.id = v.model_id
                               where f.digest = ?1 and v.state <> 'discarded' and lower(m.namespace) = any(?2)),
                       exists (select 1 from blob_upload u where u.digest = ?1 and u.account_id::text = ?3)""")
                .setParameter(1, digest.toString())
                .setParameter(2, namespaces.toArray(String[]::new))
                .setParameter(3, account.map(UUID::toString).orElse(""))
                .getSingleResult();
        return new Reach((Boolean) row[0], (Boolean) row[1], (Boolean) row[2]);
    }
}
