package org.stele.archive.preservation;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.stele.archive.access.AuditTrail;
import org.stele.archive.access.Permissions;
import org.stele.config.StartupGate;
import org.stele.config.SteleConfig;
import org.stele.domain.Digest;
import org.stele.store.BlobStore;
import org.stele.store.ReplicaStore;
import org.stele.store.StorageLayout;

/**
 * Deletes stored bytes nothing refers to any more: no file of any version (draft, published or withdrawn) points at
 * them, and they have been in that state for the grace period. Published bytes are never candidates, since their
 * versions' files never go away. A fresh upload not yet attached counts as unreferenced since its upload, so the
 * grace period is also the time a client has to attach what it uploaded. Collections run when an admin asks and,
 * unless turned off, by themselves once a day; every run but a dry one is an audit event ({@code gc_run}).
 */
@ApplicationScoped
public class GarbageCollector {
    private static final Logger LOG = Logger.getLogger(GarbageCollector.class);
    private static final String RUN = "gc_run";
    private static final String TARGET = "garbage-collection";

    private final Permissions permissions;
    private final UnreferencedBlobs blobs;
    private final BlobStore store;
    private final ReplicaStore replica;
    private final AuditTrail audit;
    private final SteleConfig config;

    GarbageCollector(UnreferencedBlobs blobs, BlobStore store, ReplicaStore replica, AuditTrail audit, SteleConfig config, Permissions permissions) {
        this.permissions = permissions;
        this.blobs = blobs;
        this.store = store;
        this.replica = replica;
        this.audit = audit;
        this.config = config;
    }

    /** One blob that goes (or would go). */
    public record Collected(String digest, long size, Instant unreferencedSince) {
    }

    /** What a run collected, or with {@code dryRun} would collect; {@code failed}: rows gone, bytes left (see log). */
    public record Report(boolean dryRun, Duration gracePeriod, Instant unreferencedBefore, int count, long bytes,
            List<Collected> blobs, List<String> failed) {
    }

    /**
     * Collects when no collection ran, on any instance, for {@code stele.gc.every}: the last run is read from the audit
     * trail under a lock, so replicas do not run one each and restarts do not postpone it.
     */
    @Scheduled(every = "${stele.gc.tick}", delayed = "${stele.gc.tick}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = StartupGate.Closed.class)
    void scheduled() {
        if (!config.gc().scheduled()) {
            return;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                if (blobs.runDue(TARGET, RUN, config.gc().every())) {
                    collectNow(false);
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("scheduled garbage collection failed, will retry at the next tick: %s", e.getMessage());
        }
    }

    /**
     * Decides reachability and deletes in one transaction. Candidate rows are locked (rows another transaction holds
     * are skipped: an upload or an attach is using them); a file being attached to a draft locks its blob first, so it
     * either committed before (and the re-check below sees it) or waits for this transaction and finds no blob.
     */
    @Transactional
    public Report collect(boolean dryRun) {
        permissions.requireAdmin();
        return collectNow(dryRun);
    }

    /** A collection in the caller's transaction: the admin's request, or the scheduled run under its lock. */
    private Report collectNow(boolean dryRun) {
        Duration grace = config.gc().gracePeriod();
        // The database's clock, which also dated the blobs: no skew between a replica's clock and PostgreSQL's.
        Instant cutoff = blobs.graceStart(grace);
        List<Collected> candidates = blobs.since(cutoff, !dryRun);
        List<String> failed = new ArrayList<>();
        if (!dryRun && !candidates.isEmpty()) {
            // A new statement, so a new snapshot: whatever committed before the rows were locked is seen now.
            Set<String> still = new HashSet<>();
            blobs.stillAmong(cutoff, candidates.stream().map(Collected::digest).toList()).forEach(c -> still.add(c.digest()));
            candidates = candidates.stream().filter(c -> still.contains(c.digest())).toList();
            for (Collected blob : candidates) {
                delete(blob, failed);
            }
        }
        long bytes = candidates.stream().mapToLong(Collected::size).sum();
        if (!dryRun) {
            LOG.infof("garbage collection deleted %d blobs (%d bytes) unreferenced since before %s", candidates.size(), bytes, cutoff);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("count", candidates.size());
            details.put("bytes", bytes);
            details.put("unreferencedBefore", cutoff.toString());
            details.put("failed", failed.size());
            audit.record(RUN, TARGET, Optional.empty(), details);
        }
        return new Report(dryRun, grace, cutoff, candidates.size(), bytes, candidates, failed);
    }

    /**
     * Row first, then bytes, both before the commit: should the bytes not go, they are only left over (and stored
     * again, not duplicated, by a later upload of the same content), while the catalog never names missing bytes.
     */
    private void delete(Collected blob, List<String> failed) {
        blobs.delete(blob.digest());
        try {
            store.delete(StorageLayout.blob(Digest.parse(blob.digest())));
            replica.delete(StorageLayout.blob(Digest.parse(blob.digest())));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("garbage collection: the bytes of %s could not be deleted (%s); they stay, unreferenced", blob.digest(),
                    e.getMessage());
            failed.add(blob.digest());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("size", blob.size());
        details.put("unreferencedSince", blob.unreferencedSince().toString());
        details.put("gracePeriod", config.gc().gracePeriod().toString());
        audit.record("gc_delete", blob.digest(), Optional.empty(), details);
    }
}
