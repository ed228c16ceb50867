package org.stele.archive.preservation;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.stele.domain.Digest;
import org.stele.domain.Timestamps;

/**
 * The fixity passes ({@code fixity_pass}), the blobs a pass walks, and the lock that lets one instance work on them.
 * Runs in the caller's transaction.
 */
@ApplicationScoped
class FixityPasses {
    private static final String COLUMNS = """
            id, trigger, state, started_at, finished_at, total_blobs, total_bytes, checked, checked_bytes, damaged, repaired, records_repaired""";

    private final EntityManager entityManager;
    private final AgroalDataSource dataSource;

    FixityPasses(EntityManager entityManager, AgroalDataSource dataSource) {
        this.entityManager = entityManager;
        this.dataSource = dataSource;
    }

    /** A blob as a pass walks it. */
    record Walked(Digest digest, long size) {
    }

    /** The right to work on passes, held until closed: a session-level advisory lock on a connection of its own. */
    interface Lease extends AutoCloseable {
        @Override
        void close() throws SQLException;
    }

    /** Takes the lease unless another instance holds it. */
    Optional<Lease> lead() throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            if (!advisory(connection, "select pg_try_advisory_lock(?)")) {
                connection.close();
                return Optional.empty();
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return Optional.of(() -> {
            try (connection) {
                advisory(connection, "select pg_advisory_unlock(?)");
            }
        });
    }

    private static boolean advisory(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, FixityAudit.LOCK);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    /** Starts a manual pass, or makes the running one manual; answers whether a new pass was started. */
    boolean startManual() {
        int created = entityManager.createNativeQuery("""
                insert into fixity_pass (trigger, total_blobs, total_bytes)
                select 'manual', count(*), coalesce(sum(size), 0) from blob where purged_at is null
                on conflict (state) where state = 'running' do nothing""").executeUpdate();
        if (created == 0) {
            entityManager.createNativeQuery("update fixity_pass set trigger = 'manual' where state = 'running'").executeUpdate();
        }
        return created == 1;
    }

    /** Starts a scheduled pass unless one is running or one started less than a {@code cycle} ago. */
    void startScheduledIfDue(Duration cycle) {
        entityManager.createNativeQuery("""
                insert into fixity_pass (trigger, total_blobs, total_bytes)
                select 'scheduled', count(*), coalesce(sum(size), 0) from blob
                where purged_at is null and not exists (select 1 from fixity_pass where started_at > now() - ?1 * interval '1 millisecond')
                on conflict (state) where state = 'running' do nothing""")
                .setParameter(1, cycle.toMillis()).executeUpdate();
    }

    Optional<FixityAudit.Pass> running() {
        return pass("where state = 'running'");
    }

    Optional<FixityAudit.Pass> last() {
        return pass("where state = 'finished' order by id desc limit 1");
    }

    Optional<FixityAudit.Pass> find(long id) {
        return pass("where id = " + id);
    }

    private Optional<FixityAudit.Pass> pass(String condition) {
        List<?> rows = entityManager.createNativeQuery("select " + COLUMNS + " from fixity_pass " + condition).getResultList();
        return rows.stream().map(Object[].class::cast).findFirst().map(r -> new FixityAudit.Pass(n(r[0]), (String) r[1],
                (String) r[2], Timestamps.instant(r[3]), Timestamps.instant(r[4]), n(r[5]), n(r[6]), n(r[7]), n(r[8]),
                n(r[9]), n(r[10]), n(r[11])));
    }

    /** The digest a pass has checked up to, or null when it has checked none. */
    String cursor(long pass) {
        return (String) entityManager.createNativeQuery("select after_digest from fixity_pass where id = ?1")
                .setParameter(1, pass).getSingleResult();
    }

    /** The next {@code limit} blobs (not taken down) after {@code after} in digest order; from the first when null. */
    List<Walked> blobsAfter(String after, int limit) {
        List<?> rows = entityManager.createNativeQuery(
                "select digest, size from blob where digest > ?1 and purged_at is null order by digest limit ?2")
                .setParameter(1, after == null ? "" : after).setParameter(2, limit).getResultList();
        return rows.stream().map(Object[].class::cast).map(r -> new Walked(Digest.parse((String) r[0]), n(r[1]))).toList();
    }

    /** Moves the pass's cursor past one checked blob and counts what was found. */
    void advance(long pass, Digest digest, long size, boolean damaged, boolean repaired) {
        entityManager.createNativeQuery("""
                update fixity_pass set after_digest = ?2, checked = checked + 1, checked_bytes = checked_bytes + ?3,
                    damaged = damaged + ?4, repaired = repaired + ?5 where id = ?1""")
                .setParameter(1, pass).setParameter(2, digest.toString()).setParameter(3, size)
                .setParameter(4, damaged ? 1 : 0).setParameter(5, repaired ? 1 : 0).executeUpdate();
    }

    /** Ends a pass; {@code recordsRepaired}: stored document copies it replaced or wrote again. */
    void finish(long pass, int recordsRepaired) {
        entityManager.createNativeQuery("""
                update fixity_pass set state = 'finished', finished_at = now(), records_repaired = ?2 where id = ?1""")
                .setParameter(1, pass).setParameter(2, recordsRepaired).executeUpdate();
    }

    private static long n(Object o) {
        return ((Number) o).longValue();
    }
}
