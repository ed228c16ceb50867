package org.stele.archive.preservation;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.stele.archive.access.AuditTrail;
import org.stele.archive.access.Permissions;
import org.stele.archive.custody.BlobConditions;
import org.stele.config.StartupGate;
import org.stele.config.SteleConfig;
import org.stele.store.Throttle;

/**
 * The fixity audit's passes: each walks every blob in digest order, under a bandwidth cap, and has {@link FixityCheck}
 * re-read and mend it. A scheduled pass walks the store at an even pace over the configured cycle; a manual one (an
 * admin's) runs at the cap. Only one instance works on a pass at a time (a PostgreSQL advisory lock held while it
 * works) and the pass's cursor is saved after every blob, so a restart resumes where it stopped.
 */
@ApplicationScoped
public class FixityAudit {
    private static final Logger LOG = Logger.getLogger(FixityAudit.class);
    /** Advisory lock key: "stele-fixity" in a 64-bit number every instance agrees on. */
    public static final long LOCK = 0x5354454c45464958L;
    private static final int BATCH = 100;

    private final Permissions permissions;
    private final FixityPasses passes;
    private final FixityCheck check;
    private final BlobConditions conditions;
    private final AuditTrail audit;
    private final SteleConfig.Fixity config;
    private final boolean verifyDownloads;
    private final AtomicBoolean working = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "stele-fixity");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        return thread;
    });
    private volatile boolean stopping;

    FixityAudit(FixityPasses passes, FixityCheck check, BlobConditions conditions, AuditTrail audit, SteleConfig config, Permissions permissions) {
        this.permissions = permissions;
        this.passes = passes;
        this.check = check;
        this.conditions = conditions;
        this.audit = audit;
        this.config = config.fixity();
        this.verifyDownloads = config.verifyDownloads();
    }

    /** One pass, as the admin API shows it. */
    public record Pass(long id, String trigger, String state, Instant startedAt, Instant finishedAt, long totalBlobs,
            long totalBytes, long checked, long checkedBytes, long damaged, long repaired, long recordsRepaired) {
    }

    /**
     * Starts a manual pass now unless one is running; answers the running pass and whether this call started it. A
     * running scheduled pass becomes manual: it goes on at the bandwidth cap instead of its pace over the cycle.
     */
    public Map.Entry<Pass, Boolean> start() {
        permissions.requireAdmin();
        Map.Entry<Pass, Boolean> answer = QuarkusTransaction.requiringNew().call(() -> {
            boolean created = passes.startManual();
            Pass pass = running().or(this::lastPass).orElseThrow();
            return Map.entry(pass, created);
        });
        wake();
        return answer;
    }

    /** The audit's settings as in force. */
    public record Settings(boolean scheduled, String cycle, long bytesPerSecond, boolean verifyDownloads) {
    }

    /** Totals, the running and last passes, and every blob with a damaged copy with what it affects. */
    public record FixityReport(BlobConditions.Totals totals, Pass running, Pass lastPass, List<BlobConditions.Failing> failing,
            Settings settings) {
    }

    /** The state of the audit, for administrators. */
    public FixityReport report() {
        permissions.requireAdmin();
        return new FixityReport(conditions.totals(), running().orElse(null), lastPass().orElse(null), conditions.failing(),
                new Settings(config.scheduled(), config.cycle().toString(), config.bytesPerSecond(), verifyDownloads));
    }

    public Optional<Pass> running() {
        return QuarkusTransaction.joiningExisting().call(passes::running);
    }

    public Optional<Pass> lastPass() {
        return QuarkusTransaction.joiningExisting().call(passes::last);
    }

    @Scheduled(every = "${stele.fixity.tick}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = StartupGate.Closed.class)
    void tick() {
        wake();
    }

    /** Asks this instance to look for fixity work soon, on its own low-priority thread. */
    void wake() {
        wanted.set(true);
        if (!stopping) {
            runner.execute(this::work);
        }
    }

    private void work() {
        if (!working.compareAndSet(false, true)) {
            return; // the thread is single, so this only guards against re-entry; wanted makes the loop go again
        }
        try {
            while (wanted.getAndSet(false) && !stopping) {
                workUnderLock();
            }
        } finally {
            working.set(false);
        }
    }

    private void workUnderLock() {
        try {
            Optional<FixityPasses.Lease> lease = passes.lead();
            if (lease.isEmpty()) {
                return; // another instance is doing the work
            }
            try (FixityPasses.Lease held = lease.get()) {
                check.repairKnownDamage(new Throttle(config.bytesPerSecond()));
                startScheduledPassIfDue();
                runPass();
            }
        } catch (SQLException | IOException | RuntimeException e) {
            LOG.warnf("fixity work paused, will resume at the next tick: %s", e.getMessage());
        } finally {
            try {
                conditions.refreshMetrics();
            } catch (RuntimeException e) {
                LOG.debugf("could not refresh fixity metrics: %s", e.getMessage());
            }
        }
    }

    private void startScheduledPassIfDue() {
        if (!config.scheduled()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> passes.startScheduledIfDue(config.cycle()));
    }

    private void runPass() throws IOException {
        Throttle throttle = new Throttle(config.bytesPerSecond());
        while (!stopping) {
            Optional<Pass> current = running();
            if (current.isEmpty()) {
                return;
            }
            Pass pass = current.get();
            List<FixityPasses.Walked> batch = QuarkusTransaction.requiringNew()
                    .call(() -> passes.blobsAfter(passes.cursor(pass.id()), BATCH));
            if (batch.isEmpty()) {
                finish(pass);
                return;
            }
            long checkedBytes = pass.checkedBytes();
            for (FixityPasses.Walked blob : batch) {
                if (stopping || aheadOfSchedule(pass, checkedBytes)) {
                    return;
                }
                FixityCheck.Found found = check.check(blob.digest(), blob.size(), throttle);
                checkedBytes += blob.size();
                QuarkusTransaction.requiringNew().run(() -> passes.advance(pass.id(), blob.digest(), blob.size(), found.damaged(),
                        found.repaired()));
            }
        }
    }

    private boolean aheadOfSchedule(Pass pass, long checkedBytes) {
        return pass.trigger().equals("scheduled")
                && aheadOfSchedule(pass.startedAt(), Instant.now(), config.cycle(), pass.totalBytes(), checkedBytes);
    }

    /**
     * A scheduled pass keeps an even pace: by now it should have read its share of the cycle, and no more. Once the
     * cycle is over it is never ahead: blobs stored during the pass can take it past the total it counted at the start,
     * and it must still finish.
     */
    static boolean aheadOfSchedule(Instant startedAt, Instant now, Duration cycle, long totalBytes, long checkedBytes) {
        double elapsed = Duration.between(startedAt, now).toMillis() / (double) cycle.toMillis();
        return elapsed < 1.0 && checkedBytes > totalBytes * elapsed;
    }

    private void finish(Pass pass) {
        int repairedRecords = check.checkDocuments();
        QuarkusTransaction.requiringNew().run(() -> {
            passes.finish(pass.id(), repairedRecords);
            Pass done = passes.find(pass.id()).orElseThrow();
            audit.record("fixity.pass", "fixity-pass/" + pass.id(), Optional.empty(), Map.of("trigger", done.trigger(),
                    "checked", done.checked(), "bytes", done.checkedBytes(), "damaged", done.damaged(), "repaired", done.repaired(),
                    "recordsRepaired", repairedRecords));
        });
        LOG.infof("fixity pass %d finished", pass.id());
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        runner.shutdownNow();
    }
}
