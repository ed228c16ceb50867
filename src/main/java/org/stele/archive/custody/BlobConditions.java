package org.stele.archive.custody;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stele.archive.access.AuditTrail;
import org.stele.archive.metrics.PreservationMetrics;
import org.stele.archive.notification.EventOutbox;
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

    private final FixityRecords fixity;
    private final AuditTrail audit;
    private final PreservationMetrics metrics;
    private final EventOutbox outbox;

    BlobConditions(FixityRecords fixity, AuditTrail audit, PreservationMetrics metrics, EventOutbox outbox) {
        this.outbox = outbox;
        this.fixity = fixity;
        this.audit = audit;
        this.metrics = metrics;
    }

    /** The outcome on record when the primary copy is known to be damaged. */
    public Optional<Outcome> damage(Digest digest) {
        return QuarkusTransaction.joiningExisting().call(() -> fixity.primaryDamage(digest)).map(Outcome::valueOf);
    }

    /**
     * Records what a check of one copy found; {@code source} says who looked ({@code fixity}, {@code download},
     * {@code repair}, {@code replication}). A good copy turning bad is audited as {@code blob.damaged}; a bad one
     * found good as {@code blob.repaired} when {@code source} is a repair, else {@code blob.recovered}.
     */
    public void record(Digest digest, Copy copy, Outcome outcome, String detail, String source) {
        QuarkusTransaction.requiringNew().run(() -> {
            String previous = fixity.lockOutcome(digest, copy);
            fixity.save(digest, copy, outcome, detail);
            boolean wasDamaged = previous != null && !previous.equals(Outcome.ok.name());
            if (outcome != Outcome.ok && !wasDamaged) {
                audit.record("blob.damaged", digest.toString(), Optional.empty(), details(digest, copy, outcome, detail, source));
                announce(true, digest, copy, outcome, source);
            } else if (outcome == Outcome.ok && wasDamaged) {
                audit.record(source.equals("fixity") || source.equals("download") ? "blob.recovered" : "blob.repaired",
                        digest.toString(), Optional.empty(), details(digest, copy, outcome, detail, source));
                announce(false, digest, copy, outcome, source);
            }
        });
        refreshMetrics();
    }

    /** Webhooks hear of damage and of a copy good again (repaired, or found good: both {@code blob.repaired}). */
    private void announce(boolean damaged, Digest digest, Copy copy, Outcome outcome, String source) {
        outbox.blobCondition(damaged, digest.toString(), copy.name(), outcome.name(), source,
                affects(digest).stream().map(Affected::identifier).distinct().toList());
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
        return QuarkusTransaction.requiringNew().call(fixity::failing);
    }

    /** The versions (any state) whose files are these bytes. */
    public List<Affected> affects(Digest digest) {
        return QuarkusTransaction.joiningExisting().call(() -> fixity.affects(digest));
    }

    public Totals totals() {
        return QuarkusTransaction.requiringNew().call(fixity::totals);
    }

    /** How many blobs (not taken down) have a primary copy, and how many a replica copy, known to be damaged. */
    public record Damage(long primary, long replica) {
        public boolean none() {
            return primary == 0 && replica == 0;
        }
    }

    public Damage damage() {
        return QuarkusTransaction.requiringNew().call(fixity::damage);
    }

    public void refreshMetrics() {
        Damage damage = damage();
        metrics.failures(damage.primary());
        metrics.replicaFailures(damage.replica());
    }
}
