package org.stele.archive.custody;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stele.archive.access.AuditTrail;
import org.stele.archive.metrics.PreservationMetrics;
import org.stele.domain.Digest;

/**
 * The recorded condition of each blob ({@code blob_fixity}): when its copies were last checked and what was found.
 * A copy turning bad, or good again, is written to the audit trail in the same transaction.
 */
@ApplicationScoped
public class BlobConditions {
    /** What a check found in one store. */
    public enum Outcome {
        ok, missing, corrupt
    }

    /** Which copy a check was about. */
    public enum Copy {
        primary, replica
    }

    /** A published or draft version holding a blob, as a librarian would look it up. */
    public record Affected(String model, String version, String state, String identifier, String conceptIdentifier, String path) {
    }

    /** A blob with a damaged copy and everything it affects. */
    public record Failing(String digest, long size, String outcome, String detail, Instant checkedAt, Instant damagedSince,
            String replicaOutcome, Instant replicaCheckedAt, List<Affected> affects) {
    }

    /** Counts over the whole catalog. */
    public record Totals(long blobs, long bytes, long checked, long neverChecked, long damaged, long replicaDamaged) {
    }

    private final EntityManager entityManager;
    private final AuditTrail audit;
    private final PreservationMetrics metrics;

    BlobConditions(EntityManager entityManager, AuditTrail audit, PreservationMetrics metrics) {
        this.entityManager = entityManager;
        this.audit = audit;
        this.metrics = metrics;
    }

    /** The outcome on record when the primary copy is known to be damaged. */
    public Optional<Outcome> damage(Digest digest) {
        List<?> rows = QuarkusTransaction.joiningExisting().call(() -> entityManager.createNativeQuery(
                "select outcome from blob_fixity where digest = ?1 and outcome <> 'ok'")
                .setParameter(1, digest.toString()).getResultList());
        return rows.stream().findFirst().map(o -> Outcome.valueOf((String) o));
    }

    /**
     * Records what a check of one copy found; {@code source} says who looked ({@code fixity}, {@code download},
     * {@code repair}, {@code replication}). A good copy turning bad is audited as {@code blob.damaged}; a bad one
     * found good as {@code blob.repaired} when {@code source} is a repair, else {@code blob.recovered}.
     */
    public void record(Digest digest, Copy copy, Outcome outcome, String detail, String source) {
        QuarkusTransaction.requiringNew().run(() -> {
            String column = copy == Copy.primary ? "outcome" : "replica_outcome";
            List<?> before = entityManager.createNativeQuery("select " + column + " from blob_fixity where digest = ?1 for update")
                    .setParameter(1, digest.toString()).getResultList();
            String previous = before.isEmpty() ? null : (String) before.get(0);
            if (copy == Copy.primary) {
                entityManager.createNativeQuery("""
                        insert into blob_fixity (digest, checked_at, outcome, detail, damaged_since)
                        values (?1, now(), ?2, ?3, case when ?2 = 'ok' then null else now() end)
                        on conflict (digest) do update set checked_at = now(), outcome = ?2, detail = ?3,
                            damaged_since = case when ?2 = 'ok' then null else coalesce(blob_fixity.damaged_since, now()) end""")
                        .setParameter(1, digest.toString()).setParameter(2, outcome.name()).setParameter(3, detail).executeUpdate();
            } else {
                entityManager.createNativeQuery("""
                        insert into blob_fixity (digest, checked_at, outcome, replica_checked_at, replica_outcome, replica_detail)
                        values (?1, now(), 'ok', now(), ?2, ?3)
                        on conflict (digest) do update set replica_checked_at = now(), replica_outcome = ?2, replica_detail = ?3""")
                        .setParameter(1, digest.toString()).setParameter(2, outcome.name()).setParameter(3, detail).executeUpdate();
            }
            boolean wasDamaged = previous != null && !previous.equals(Outcome.ok.name());
            if (outcome != Outcome.ok && !wasDamaged) {
                audit.record("blob.damaged", digest.toString(), Optional.empty(), details(digest, copy, outcome, detail, source));
            } else if (outcome == Outcome.ok && wasDamaged) {
                audit.record(source.equals("fixity") || source.equals("download") ? "blob.recovered" : "blob.repaired",
                        digest.toString(), Optional.empty(), details(digest, copy, outcome, detail, source));
            }
        });
        refreshMetrics();
    }

    private Map<String, Object> details(Digest digest, Copy copy, Outcome outcome, String detail, String source) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("copy", copy.name());
        details.put("outcome", outcome.name());
        details.put("detail", detail == null ? "" : detail);
        details.put("found_by", source);
        details.put("versions", affects(digest).stream().map(a -> a.identifier()).distinct().toList());
        return details;
    }

    /** Every blob with a damaged primary or replica copy, oldest damage first; taken-down bytes are meant to be gone. */
    public List<Failing> failing() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<?> rows = entityManager.createNativeQuery("""
                    select f.digest, b.size, f.outcome, f.detail, f.checked_at, f.damaged_since, f.replica_outcome,
                           f.replica_checked_at
                    from blob_fixity f join blob b on b.digest = f.digest
                    where b.purged_at is null and (f.outcome <> 'ok' or f.replica_outcome <> 'ok')
                    order by f.damaged_since nulls last, f.digest""").getResultList();
            return rows.stream().map(Object[].class::cast).map(r -> new Failing((String) r[0], ((Number) r[1]).longValue(),
                    (String) r[2], (String) r[3], instant(r[4]), instant(r[5]), (String) r[6], instant(r[7]),
                    affects(Digest.parse((String) r[0])))).toList();
        });
    }

    /** The versions (any state) whose files are these bytes. */
    public List<Affected> affects(Digest digest) {
        List<?> rows = QuarkusTransaction.joiningExisting().call(() -> entityManager.createNativeQuery("""
                select m.namespace || '/' || m.name, v.label, v.state, v.pid, m.concept_pid, f.path
                from version_file f join model_version v on v.id = f.version_id join model m on m.id = v.model_id
                where f.digest = ?1 order by 1, 2, 6""").setParameter(1, digest.toString()).getResultList());
        return rows.stream().map(Object[].class::cast).map(r -> new Affected((String) r[0], (String) r[1], (String) r[2],
                (String) r[3], (String) r[4], (String) r[5])).toList();
    }

    public Totals totals() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object[] r = (Object[]) entityManager.createNativeQuery("""
                    select count(*), coalesce(sum(b.size), 0), count(f.outcome), count(*) - count(f.outcome),
                           count(*) filter (where f.outcome <> 'ok'), count(*) filter (where f.replica_outcome <> 'ok')
                    from blob b left join blob_fixity f on f.digest = b.digest where b.purged_at is null""").getSingleResult();
            return new Totals(n(r[0]), n(r[1]), n(r[2]), n(r[3]), n(r[4]), n(r[5]));
        });
    }

    /** How many blobs (not taken down) have a primary copy, and how many a replica copy, known to be damaged. */
    public record Damage(long primary, long replica) {
        public boolean none() {
            return primary == 0 && replica == 0;
        }
    }

    public Damage damage() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object[] r = (Object[]) entityManager.createNativeQuery("""
                    select count(*) filter (where f.outcome <> 'ok'), count(*) filter (where f.replica_outcome <> 'ok')
                    from blob_fixity f join blob b on b.digest = f.digest where b.purged_at is null""").getSingleResult();
            return new Damage(n(r[0]), n(r[1]));
        });
    }

    public void refreshMetrics() {
        Damage damage = damage();
        metrics.failures(damage.primary());
        metrics.replicaFailures(damage.replica());
    }

    private static long n(Object o) {
        return ((Number) o).longValue();
    }

    public static Instant instant(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (o instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        return (Instant) o;
    }
}
