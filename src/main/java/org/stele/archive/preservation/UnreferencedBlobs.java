package org.stele.archive.preservation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.stele.domain.Timestamps;

/**
 * The blobs nothing refers to any more, as the {@link GarbageCollector} finds and removes them, and the record of its
 * runs. Runs in the caller's transaction.
 */
@ApplicationScoped
class UnreferencedBlobs {
    /** Serialises the "is a scheduled run due?" decision across instances. */
    private static final long LOCK = 0x5354454c45474330L;
    private static final String CANDIDATES = """
            select digest, size, unreferenced_since from blob
            where purged_at is null and unreferenced_since <= ?1
              and not exists (select 1 from version_file f where f.digest = blob.digest)""";

    private final EntityManager entityManager;

    UnreferencedBlobs(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Whether no run was recorded ({@code action} on {@code target} in the audit trail) for {@code every}; decided under
     * a lock held until the transaction ends, so that instances do not decide it together. {@code now()}: this
     * transaction's start, which also dates its own run's event, so runs keep {@code every} apart.
     */
    boolean runDue(String target, String action, Duration every) {
        entityManager.createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, LOCK).getSingleResult();
        return (Boolean) entityManager.createNativeQuery("""
                select not exists (select 1 from audit_event where target = ?1 and action = ?2
                                   and at > now() - make_interval(secs => ?3))""")
                .setParameter(1, target).setParameter(2, action).setParameter(3, every.toNanos() / 1e9)
                .getSingleResult();
    }

    /** The database's clock less {@code grace}: the database also dated the blobs, so no clock skew enters. */
    Instant graceStart(Duration grace) {
        return Timestamps.instant(entityManager.createNativeQuery("select clock_timestamp() - make_interval(secs => ?1)")
                .setParameter(1, grace.toNanos() / 1e9).getSingleResult());
    }

    /** Unreferenced since {@code cutoff} or before, by digest; locked ones skipped when {@code lock}, the rest locked. */
    List<GarbageCollector.Collected> since(Instant cutoff, boolean lock) {
        return query(CANDIDATES + " order by digest" + (lock ? " for update skip locked" : ""), cutoff);
    }

    /** Which of {@code digests} are still unreferenced since {@code cutoff}, seen by a new statement (a new snapshot). */
    List<GarbageCollector.Collected> stillAmong(Instant cutoff, List<String> digests) {
        return query(CANDIDATES + " and digest in (?2)", cutoff, digests);
    }

    void delete(String digest) {
        entityManager.createNativeQuery("delete from blob where digest = ?1").setParameter(1, digest).executeUpdate();
    }

    private List<GarbageCollector.Collected> query(String sql, Object... parameters) {
        var query = entityManager.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        List<GarbageCollector.Collected> out = new ArrayList<>();
        for (Object row : query.getResultList()) {
            Object[] columns = (Object[]) row;
            out.add(new GarbageCollector.Collected((String) columns[0], ((Number) columns[1]).longValue(),
                    Timestamps.instant(columns[2])));
        }
        return out;
    }
}
