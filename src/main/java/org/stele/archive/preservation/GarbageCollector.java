package org.stele.archive.preservation;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
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
import org.stele.config.StartupGate;
import org.stele.config.SteleConfig;
import org.stele.domain.Digest;
import org.stele.domain.Timestamps;
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
    /** Serialises the "is a scheduled run due?" decision across instances. */
    private static final long LOCK = 0x5354454c45474330L;
    private static final String RUN = "gc_run";
    private static final String TARGET = "garbage-collection";
    private static final String CANDIDATES = """
            select digest, size, unreferenced_since from blob
            where purged_at is null and unreferenced_since <= ?1
              and not exists (select 1 from version_file f where f.digest = blob.digest)""";

    private final EntityManager entityManager;
    private final BlobStore store;
    private final ReplicaStore replica;
    private final AuditTrail audit;
    private final SteleConfig config;

    GarbageCollector(EntityManager entityManager, BlobStore store, ReplicaStore replica, AuditTrail audit, SteleConfig config) {
        this.entityManager = entityManager;
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
                entityManager.createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, LOCK).getSingleResult();
                // now(): this transaction's start, which also dates its own gc_run row, so runs keep `every` apart.
                boolean due = (Boolean) entityManager.createNativeQuery("""
                        select not exists (select 1 from audit_event where target = ?1 and action = ?2
                                           and at > now() - make_interval(secs => ?3))""")
                        .setParameter(1, TARGET).setParameter(2, RUN).setParameter(3, config.gc().every().toNanos() / 1e9)
                        .getSingleResult();
                if (due) {
                    collect(false);
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
        Duration grace = config.gc().gracePeriod();
        // The database's clock, which also dated the blobs: no skew between a replica's clock and PostgreSQL's.
        Instant cutoff = Timestamps.instant(entityManager.createNativeQuery("select clock_timestamp() - make_interval(secs => ?1)")
                .setParameter(1, grace.toNanos() / 1e9).getSingleResult());
        List<Collected> candidates = query(CANDIDATES + " order by digest" + (dryRun ? "" : " for update skip locked"), cutoff);
        List<String> failed = new ArrayList<>();
        if (!dryRun && !candidates.isEmpty()) {
            // A new statement, so a new snapshot: whatever committed before the rows were locked is seen now.
            Set<String> still = new HashSet<>();
            query(CANDIDATES + " and digest in (?2)", cutoff, candidates.stream().map(Collected::digest).toList())
                    .forEach(c -> still.add(c.digest()));
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
        entityManager.createNativeQuery("delete from blob where digest = ?1").setParameter(1, blob.digest()).executeUpdate();
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

    private List<Collected> query(String sql, Object... parameters) {
        var query = entityManager.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        List<Collected> out = new ArrayList<>();
        for (Object row : query.getResultList()) {
            Object[] columns = (Object[]) row;
            out.add(new Collected((String) columns[0], ((Number) columns[1]).longValue(), Timestamps.instant(columns[2])));
        }
        return out;
    }
}
