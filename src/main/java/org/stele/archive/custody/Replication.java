package org.stele.archive.custody;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.stele.archive.access.AuditTrail;
import org.stele.archive.access.Permissions;
import org.stele.archive.metrics.PreservationMetrics;
import org.stele.config.StartupGate;
import org.stele.config.SteleConfig;
import org.stele.domain.Digest;
import org.stele.domain.IntegrityException;
import org.stele.store.BlobStore;
import org.stele.store.ReplicaStore;
import org.stele.store.StorageException;

/**
 * Copies every blob and version record to the replica store through a durable queue ({@code replication_task}):
 * a copy is queued in the transaction that records the original, claimed by one instance at a time
 * ({@code FOR UPDATE SKIP LOCKED}), and retried with a growing delay until it lands and verifies. A replica outage
 * delays copies; it never loses one.
 */
@ApplicationScoped
public class Replication {
    private static final Logger LOG = Logger.getLogger(Replication.class);
    private static final int BATCH = 10;
    /** How long a claimed copy is left to its instance before another may take it over. */
    private static final Duration CLAIM = Duration.ofMinutes(30);

    private final Permissions permissions;
    private final ReplicationQueue queue;
    private final BlobStore primary;
    private final Optional<BlobStore> replica;
    private final BlobConditions conditions;
    private final AuditTrail audit;
    private final PreservationMetrics metrics;
    private final SteleConfig.Replica config;
    private final DocumentDigests documents;
    private volatile boolean stopping;
    private volatile boolean replicaReady;

    Replication(ReplicationQueue queue, BlobStore primary, ReplicaStore replica, BlobConditions conditions, AuditTrail audit,
            PreservationMetrics metrics, SteleConfig config, Permissions permissions, DocumentDigests documents) {
        this.permissions = permissions;
        this.documents = documents;
        this.queue = queue;
        this.primary = primary;
        this.replica = replica.store();
        this.conditions = conditions;
        this.audit = audit;
        this.metrics = metrics;
        this.config = config.replica();
    }

    /** The queue as an operator sees it. */
    public record Backlog(boolean configured, String driver, String location, long count, Instant oldest, long failing,
            LastError lastError) {
    }

    /** The most recent failed attempt still waiting for a retry. */
    public record LastError(String key, String error, int attempts, Instant at, Instant nextAttempt) {
    }

    public boolean configured() {
        return replica.isPresent();
    }

    /**
     * Queues a copy of {@code key} to the replica in the caller's transaction; nothing without a replica store.
     *
     * @param digest the content address when the key is a blob's, null for a record document
     */
    public void enqueue(String key, Digest digest) {
        if (replica.isEmpty()) {
            return;
        }
        QuarkusTransaction.joiningExisting().run(() -> queue.add(key, digest));
    }

    /** Whether a copy of {@code key} waits in the queue. */
    public boolean pending(String key) {
        return QuarkusTransaction.requiringNew().call(() -> queue.holds(key));
    }

    @Scheduled(every = "${stele.replica.tick}", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = StartupGate.Closed.class)
    void tick() {
        if (replica.isEmpty()) {
            return;
        }
        try {
            drain();
        } catch (RuntimeException e) {
            LOG.warnf("replication paused, will retry: %s", e.getMessage());
        }
    }

    /** Copies what is due until the queue has nothing due or the service stops. */
    public void drain() {
        prepareReplica();
        while (!stopping) {
            List<ReplicationQueue.Task> tasks = QuarkusTransaction.requiringNew().call(() -> queue.claim(CLAIM, BATCH));
            if (tasks.isEmpty()) {
                break;
            }
            tasks.forEach(this::copy);
        }
        // The queue's length for the gauge, without the administrator's check: a scheduled drain has no caller.
        metrics.backlog(QuarkusTransaction.requiringNew().call(() -> queue.counts()).count());
    }

    /** Creates the replica's bucket or directory once it answers; until then copies fail and are retried. */
    private void prepareReplica() {
        if (replicaReady) {
            return;
        }
        try {
            replica.orElseThrow().verify();
            replicaReady = true;
        } catch (StorageException e) {
            LOG.warnf("replica store not usable yet, copies wait: %s", e.getMessage());
        }
    }

    private void copy(ReplicationQueue.Task task) {
        BlobStore target = replica.orElseThrow();
        try {
            if (task.digest() == null) {
                Optional<DocumentDigests.Expected> expected = QuarkusTransaction.requiringNew().call(() -> documents.of(task.key()));
                StoredCopies.copyDocument(primary, target, task.key(), expected);
            } else {
                Optional<Long> size = QuarkusTransaction.requiringNew().call(() -> queue.keptBlobSize(task.digest()));
                if (size.isEmpty()) {
                    done(task); // collected or taken down: nothing to keep
                    return;
                }
                StoredCopies.copyBlob(primary, target, task.digest(), size.get(), null); // new bytes go out at once
                conditions.record(task.digest(), BlobConditions.Copy.replica, BlobConditions.Outcome.ok, null, "replication");
            }
            done(task);
        } catch (IntegrityException e) {
            // The original is missing or wrong: retrying cannot help until it is repaired, but the task stays queued.
            if (task.digest() != null) {
                conditions.record(task.digest(), BlobConditions.Copy.primary,
                        e.missing() ? BlobConditions.Outcome.missing : BlobConditions.Outcome.corrupt, e.getMessage(), "replication");
            }
            String error = "source: " + e.getMessage();
            if (task.previousError() == null || !task.previousError().startsWith("source: ")) {
                QuarkusTransaction.requiringNew().run(() -> audit.record("replication.failed", task.key(), Optional.empty(),
                        Map.of("error", error, "attempts", task.attempts())));
            }
            failed(task, error);
        } catch (IOException | RuntimeException e) {
            failed(task, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private void done(ReplicationQueue.Task task) {
        QuarkusTransaction.requiringNew().run(() -> queue.done(task));
    }

    private void failed(ReplicationQueue.Task task, String error) {
        long delay = Math.min(config.maxRetryDelay().toMillis(),
                config.retryDelay().toMillis() << Math.min(30, Math.max(0, task.attempts() - 1)));
        LOG.debugf("copy of %s to the replica failed (attempt %d), retry in %d ms: %s", task.key(), task.attempts(), delay, error);
        QuarkusTransaction.requiringNew().run(() -> queue.retryLater(task.key(), Duration.ofMillis(delay), error));
    }

    /** The queue, for administrators. */
    public Backlog backlog() {
        permissions.requireAdmin();
        return QuarkusTransaction.requiringNew().call(() -> {
            ReplicationQueue.Counts counts = queue.counts();
            LastError last = queue.lastError().orElse(null);
            metrics.backlog(counts.count());
            return new Backlog(replica.isPresent(), replica.map(BlobStore::driver).orElse(null),
                    replica.map(BlobStore::location).orElse(null), counts.count(), counts.oldest(), counts.failing(), last);
        });
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }
}
