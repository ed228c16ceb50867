package org.stele.archive.custody;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;
import org.stele.domain.Digest;
import org.stele.domain.Timestamps;

/**
 * The recorded condition of each blob ({@code blob_fixity}), joined with the blobs and the versions they hold: what
 * {@link BlobConditions} and the fixity audit find and change. Runs in the caller's transaction.
 */
@ApplicationScoped
public class FixityRecords {
    private final EntityManager entityManager;

    FixityRecords(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** A blob (not taken down) with its catalogued size. */
    public record Sized(Digest digest, long size) {
    }

    /** The outcome on record for the primary copy, when it is not {@code ok}. */
    Optional<String> primaryDamage(Digest digest) {
        List<?> rows = entityManager.createNativeQuery("select outcome from blob_fixity where digest = ?1 and outcome <> 'ok'")
                .setParameter(1, digest.toString()).getResultList();
        return rows.stream().findFirst().map(String.class::cast);
    }

    /** The outcome on record for one copy, the row locked until the transaction ends; null when never checked. */
    String lockOutcome(Digest digest, BlobConditions.Copy copy) {
        String column = copy == BlobConditions.Copy.primary ? "outcome" : "replica_outcome";
        List<?> before = entityManager.createNativeQuery("select " + column + " from blob_fixity where digest = ?1 for update")
                .setParameter(1, digest.toString()).getResultList();
        return before.isEmpty() ? null : (String) before.get(0);
    }

    /** Saves what a check of one copy found; the primary's damage keeps the time it was first seen. */
    void save(Digest digest, BlobConditions.Copy copy, BlobConditions.Outcome outcome, String detail) {
        String sql = copy == BlobConditions.Copy.primary ? """
                insert into blob_fixity (digest, checked_at, outcome, detail, damaged_since)
                values (?1, now(), ?2, ?3, case when ?2 = 'ok' then null else now() end)
                on conflict (digest) do update set checked_at = now(), outcome = ?2, detail = ?3,
                    damaged_since = case when ?2 = 'ok' then null else coalesce(blob_fixity.damaged_since, now()) end""" : """
                insert into blob_fixity (digest, checked_at, outcome, replica_checked_at, replica_outcome, replica_detail)
                values (?1, now(), 'ok', now(), ?2, ?3)
                on conflict (digest) do update set replica_checked_at = now(), replica_outcome = ?2, replica_detail = ?3""";
        entityManager.createNativeQuery(sql)
                .setParameter(1, digest.toString()).setParameter(2, outcome.name()).setParameter(3, detail).executeUpdate();
    }

    /** Every blob (not taken down) with a damaged primary or replica copy, oldest damage first. */
    List<BlobConditions.Failing> failing() {
        List<?> rows = entityManager.createNativeQuery("""
                select f.digest, b.size, f.outcome, f.detail, f.checked_at, f.damaged_since, f.replica_outcome,
                       f.replica_checked_at
                from blob_fixity f join blob b on b.digest = f.digest
                where b.purged_at is null and (f.outcome <> 'ok' or f.replica_outcome <> 'ok')
                order by f.damaged_since nulls last, f.digest""").getResultList();
        return rows.stream().map(Object[].class::cast).map(r -> new BlobConditions.Failing((String) r[0], n(r[1]),
                (String) r[2], (String) r[3], Timestamps.instant(r[4]), Timestamps.instant(r[5]), (String) r[6], Timestamps.instant(r[7]),
                affects(Digest.parse((String) r[0])))).toList();
    }

    /**
     * Blobs (not taken down) whose primary copy is damaged and whose replica copy is not known to be bad, or was last
     * seen bad over an hour ago: the ones a repair from the replica may mend, oldest damage first.
     */
    public List<Sized> repairable(int limit) {
        List<?> rows = entityManager.createNativeQuery("""
                select f.digest, b.size from blob_fixity f join blob b on b.digest = f.digest
                where b.purged_at is null and f.outcome <> 'ok' and (f.replica_outcome is null or f.replica_outcome = 'ok'
                      or f.replica_checked_at < now() - interval '1 hour')
                order by f.damaged_since limit ?1""").setParameter(1, limit).getResultList();
        return rows.stream().map(Object[].class::cast).map(r -> new Sized(Digest.parse((String) r[0]), n(r[1]))).toList();
    }

    /** The versions (any state) whose files are these bytes. */
    List<BlobConditions.Affected> affects(Digest digest) {
        List<?> rows = entityManager.createNativeQuery("""
                select m.namespace || '/' || m.name, v.label, v.state, v.pid, m.concept_pid, f.path
                from version_file f join model_version v on v.id = f.version_id join model m on m.id = v.model_id
                where f.digest = ?1 order by 1, 2, 6""").setParameter(1, digest.toString()).getResultList();
        return rows.stream().map(Object[].class::cast).map(r -> new BlobConditions.Affected((String) r[0], (String) r[1],
                (String) r[2], (String) r[3], (String) r[4], (String) r[5])).toList();
    }

    BlobConditions.Totals totals() {
        Object[] r = (Object[]) entityManager.createNativeQuery("""
                select count(*), coalesce(sum(b.size), 0), count(f.outcome), count(*) - count(f.outcome),
                       count(*) filter (where f.outcome <> 'ok'), count(*) filter (where f.replica_outcome <> 'ok')
                from blob b left join blob_fixity f on f.digest = b.digest where b.purged_at is null""").getSingleResult();
        return new BlobConditions.Totals(n(r[0]), n(r[1]), n(r[2]), n(r[3]), n(r[4]), n(r[5]));
    }

    BlobConditions.Damage damage() {
        Object[] r = (Object[]) entityManager.createNativeQuery("""
                select count(*) filter (where f.outcome <> 'ok'), count(*) filter (where f.replica_outcome <> 'ok')
                from blob_fixity f join blob b on b.digest = f.digest where b.purged_at is null""").getSingleResult();
        return new BlobConditions.Damage(n(r[0]), n(r[1]));
    }

    private static long n(Object o) {
        return ((Number) o).longValue();
    }
}
