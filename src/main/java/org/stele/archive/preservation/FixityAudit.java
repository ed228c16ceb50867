package org.stele.archive.preservation;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
import org.stele.archive.custody.BlobConditions;
import org.stele.config.StartupGate;
import org.stele.config.SteleConfig;
import org.stele.domain.Digest;
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
    private static final String PASS_COLUMNS = """
            id, trigger, state, started_at, finished_at, total_blobs, total_bytes, checked, checked_bytes, damaged, repaired""";

    private final EntityManager entityManager;
    private final AgroalDataSource dataSource;
    private final FixityCheck check;
    private final BlobConditions conditions;
    private final AuditTrail audit;
    private final SteleConfig.Fixity config;
    private final AtomicBoolean working = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "stele-fixity");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        return thread;
    });
    private volatile boolean stopping;

    FixityAudit(EntityManager entityManager, AgroalDataSource dataSource, FixityCheck check, BlobConditions conditions,
            AuditTrail audit, SteleConfig config) {
        this.entityManager = entityManager;
        this.dataSource = dataSource;
        this.check = check;
        this.conditions = conditions;
        this.audit = audit;
        this.config = config.fixity();
    }

    /** One pass, as the admin API shows it. */
    public record Pass(long id, String trigger, String state, Instant startedAt, Instant finishedAt, long totalBlobs,
            long totalBytes, long checked, long checkedBytes, long damaged, long repaired) {
    }

    /**
     * Starts a manual pass now unless one is running; answers the running pass and whether this call started it. A
     * running scheduled pass becomes manual: it goes on at the bandwidth cap instead of its pace over the cycle.
     */
    public Map.Entry<Pass, Boolean> start() {
        Map.Entry<Pass, Boolean> answer = QuarkusTransaction.requiringNew().call(() -> {
            int created = entityManager.createNativeQuery("""
                    insert into fixity_pass (trigger, total_blobs, total_bytes)
                    select 'manual', count(*), coalesce(sum(size), 0) from blob where purged_at is null
                    on conflict (state) where state = 'running' do nothing""").executeUpdate();
            if (created == 0) {
                entityManager.createNativeQuery("update fixity_pass set trigger = 'manual' where state = 'running'").executeUpdate();
            }
            Pass pass = running().or(this::lastPass).orElseThrow();
            return Map.entry(pass, created == 1);
        });
        wake();
        return answer;
    }

    public Optional<Pass> running() {
        return pass("where state = 'running'");
    }

    public Optional<Pass> lastPass() {
        return pass("where state = 'finished' order by id desc limit 1");
    }

    private Optional<Pass> pass(String condition) {
        List<?> rows = QuarkusTransaction.joiningExisting().call(() -> entityManager.createNativeQuery(
                "select " + PASS_COLUMNS + " from fixity_pass " + condition).getResultList());
        return rows.stream().map(Object[].class::cast).findFirst().map(r -> new Pass(n(r[0]), (String) r[1], (String) r[2],
                BlobConditions.instant(r[3]), BlobConditions.instant(r[4]), n(r[5]), n(r[6]), n(r[7]), n(r[8]), n(r[9]), n(r[10])));
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
        try (Connection lock = dataSource.getConnection()) {
            if (!advisory(lock, "select pg_try_advisory_lock(?)")) {
                return; // another instance is doing the work
            }
            try {
                check.repairKnownDamage(new Throttle(config.bytesPerSecond()));
                startScheduledPassIfDue();
                runPass();
            } finally {
                advisory(lock, "select pg_advisory_unlock(?)");
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

    private static boolean advisory(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, LOCK);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    private void startScheduledPassIfDue() {
        if (!config.scheduled()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                insert into fixity_pass (trigger, total_blobs, total_bytes)
                select 'scheduled', count(*), coalesce(sum(size), 0) from blob
                where purged_at is null and not exists (select 1 from fixity_pass where started_at > now() - ?1 * interval '1 millisecond')
                on conflict (state) where state = 'running' do nothing""")
                .setParameter(1, config.cycle().toMillis()).executeUpdate());
    }

    private void runPass() throws IOException {
        Throttle throttle = new Throttle(config.bytesPerSecond());
        while (!stopping) {
            Optional<Pass> current = running();
            if (current.isEmpty()) {
                return;
            }
            Pass pass = current.get();
            String after = cursor(pass.id());
            List<Object[]> batch = rows(QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                    "select digest, size from blob where digest > ?1 and purged_at is null order by digest limit ?2")
                    .setParameter(1, after == null ? "" : after).setParameter(2, BATCH).getResultList()));
            if (batch.isEmpty()) {
                finish(pass);
                return;
            }
            long checkedBytes = pass.checkedBytes();
            for (Object[] row : batch) {
                if (stopping || aheadOfSchedule(pass, checkedBytes)) {
                    return;
                }
                Digest digest = Digest.parse((String) row[0]);
                long size = n(row[1]);
                FixityCheck.Found found = check.check(digest, size, throttle);
                checkedBytes += size;
                advance(pass.id(), digest, size, found);
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

    private String cursor(long pass) {
        return QuarkusTransaction.requiringNew().call(() -> (String) entityManager.createNativeQuery(
                "select after_digest from fixity_pass where id = ?1").setParameter(1, pass).getSingleResult());
    }

    private void advance(long pass, Digest digest, long size, FixityCheck.Found found) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                update fixity_pass set after_digest = ?2, checked = checked + 1, checked_bytes = checked_bytes + ?3,
                    damaged = damaged + ?4, repaired = repaired + ?5 where id = ?1""")
                .setParameter(1, pass).setParameter(2, digest.toString()).setParameter(3, size)
                .setParameter(4, found.damaged() ? 1 : 0).setParameter(5, found.repaired() ? 1 : 0).executeUpdate());
    }

    private void finish(Pass pass) {
        int repairedRecords = check.checkDocuments();
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("update fixity_pass set state = 'finished', finished_at = now() where id = ?1")
                    .setParameter(1, pass.id()).executeUpdate();
            Pass done = pass("where id = " + pass.id()).orElseThrow();
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

    private static List<Object[]> rows(List<?> rows) {
        return rows.stream().map(Object[].class::cast).toList();
    }

    private static long n(Object o) {
        return ((Number) o).longValue();
    }
}
