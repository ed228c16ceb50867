package org.stele.archive.reading;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionFactoryConfiguration;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Destroyed;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.TransactionScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;

/**
 * Answers that are the same for every reader until the catalog changes (published records, the facts of stored
 * blobs), kept in memory with the catalog generation they were made at (table {@code catalog_generation}, bumped at
 * commit by triggers on every change that can alter them). An answer is never older than the last commit this
 * instance made, nor than the last commit of any other instance it has been told of:
 * <ul>
 * <li>a listener connection LISTENs on {@code stele_catalog}, NOTIFYed with the new generation at every commit that
 * moves it (whichever instance made it), and keeps the generation in memory, so a cached answer costs no database
 * round trip;</li>
 * <li>every transaction this instance ends makes the next use read the committed generation (read-your-writes, without
 * waiting for the notification to come back);</li>
 * <li>while the listener is not known to be connected (not yet listening, connection lost, or silent for longer than
 * {@link #TRUST_NANOS}), every use reads the committed generation first, as it did before the listener existed.</li>
 * </ul>
 */
@ApplicationScoped
public class CatalogCache {
    private static final Logger LOG = Logger.getLogger(CatalogCache.class);
    /** Memory the cached answers may take, in (approximate) bytes. */
    private static final long CAPACITY = 64L << 20;
    /** The channel the V23 trigger function notifies. */
    static final String CHANNEL = "stele_catalog";
    /** The listener connection's application_name, as pg_stat_activity shows it. */
    static final String LISTENER_NAME = "stele catalog listener";
    /** How long the listener waits for notifications before proving its connection alive again. */
    private static final int CONFIRM_MILLIS = 500;
    /** The generation the listener keeps is trusted this long after it last proved its connection alive. */
    private static final long TRUST_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long RETRY_MILLIS = 1000;

    private final AgroalDataSource dataSource;
    private final Cache<Object, Entry> entries = Caffeine.newBuilder()
            .maximumWeight(CAPACITY)
            .weigher((Object key, Entry entry) -> entry.weight())
            .build();
    /** The highest generation known committed. */
    private final AtomicLong known = new AtomicLong(-1);
    /** When the listener last proved that every notification committed before then has been taken into {@link #known}. */
    private volatile long confirmedAt;
    private volatile boolean listening;
    /** A transaction of this instance ended since the generation was last read. */
    private volatile boolean localCommit;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean running = true;
    private volatile Thread listener;

    CatalogCache(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    private record Entry(long generation, Object value, int weight) {
    }

    /** A computed answer, and how much memory keeping it costs; answers that depend on the reader are not kept. */
    public record Computed<V>(V value, int weight) {
        private static final int PERSONAL = -1;

        /** An answer every reader gets alike, until the catalog changes. */
        public static <V> Computed<V> shared(V value, int weight) {
            return new Computed<>(value, Math.max(weight, 0) + 64);
        }

        /** An answer for this reader only (or for this moment only): never kept. */
        public static <V> Computed<V> personal(V value) {
            return new Computed<>(value, PERSONAL);
        }
    }

    /**
     * The answer cached for {@code key} when it was made at the current generation, else a fresh one from
     * {@code compute} (kept when shared). Keys must be records or strings, distinct between the uses.
     */
    @SuppressWarnings("unchecked")
    public <V> V get(Object key, Supplier<Computed<V>> compute) {
        long generation = generation();
        Entry entry = entries.getIfPresent(key);
        if (entry != null && entry.generation() == generation) {
            return (V) entry.value();
        }
        Computed<V> computed = compute.get();
        if (computed.weight() != Computed.PERSONAL) {
            entries.put(key, new Entry(generation, computed.value(), computed.weight()));
        }
        return computed.value();
    }

    /**
     * The answer cached for {@code key} when it is known current without asking the database (the listener is
     * connected and this instance committed nothing since the generation was last read), else null: for callers that
     * must not block, such as the event loop; they fall back to {@link #get}.
     */
    @SuppressWarnings("unchecked")
    public <V> V peek(Object key) {
        if (!started.get() || !trusted()) {
            return null;
        }
        long generation = known.get();
        Entry entry = entries.getIfPresent(key);
        return entry != null && entry.generation() == generation ? (V) entry.value() : null;
    }

    /**
     * The catalog generation as last committed: from memory while the listener is connected and this instance committed
     * nothing since it last read it, else read from the database.
     */
    public long generation() {
        if (started.compareAndSet(false, true)) {
            start();
        }
        if (trusted()) {
            return known.get();
        }
        localCommit = false; // before reading: a commit ending meanwhile sets it again
        long generation;
        try (Connection connection = dataSource.getConnection()) {
            generation = read(connection);
        } catch (SQLException e) {
            throw new ArchiveException(ErrorCode.CATALOG_UNAVAILABLE, "the catalog database did not answer: "
                    + e.getMessage());
        }
        known.accumulateAndGet(generation, Math::max);
        return generation;
    }

    /** Whether uses take the generation from the listener (true) or read it from the database (false). */
    public boolean listening() {
        return listening && System.nanoTime() - confirmedAt < TRUST_NANOS;
    }

    private boolean trusted() {
        return listening && !localCommit && System.nanoTime() - confirmedAt < TRUST_NANOS;
    }

    /**
     * Every transaction this instance ends (commits of catalog changes among them) makes the next use read the
     * committed generation, so that whoever made a change here reads it at once, before the notification is back.
     */
    void transactionEnded(@Observes @Destroyed(TransactionScoped.class) Object transaction) {
        localCommit = true;
    }

    private static long read(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select n from catalog_generation");
                ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    private void start() {
        Thread thread = new Thread(this::listen, "stele-catalog-listener");
        thread.setDaemon(true);
        listener = thread;
        thread.start();
    }

    private void listen() {
        while (running) {
            try (Connection connection = connectListener()) {
                PGConnection postgres = connection.unwrap(PGConnection.class);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("listen " + CHANNEL);
                }
                known.accumulateAndGet(read(connection), Math::max); // after LISTEN: nothing committed since is missed
                confirmedAt = System.nanoTime();
                listening = true;
                LOG.debug("listening for catalog changes");
                while (running) {
                    take(postgres.getNotifications(CONFIRM_MILLIS));
                    if (System.nanoTime() - confirmedAt >= TimeUnit.MILLISECONDS.toNanos(CONFIRM_MILLIS)) {
                        long probe = System.nanoTime();
                        if (!connection.isValid(1)) {
                            throw new SQLException("the listener connection did not answer");
                        }
                        take(postgres.getNotifications()); // those that came with the answer
                        confirmedAt = probe;
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (running) {
                    LOG.warnf("not listening for catalog changes (%s): every cached answer reads the generation until "
                            + "listening again", e.getMessage());
                    pause();
                }
            } finally {
                listening = false;
            }
        }
    }

    /**
     * A connection of the listener's own, outside the pool: it is held for as long as it lives, and one that broke must
     * not go back to the pool for a request to find.
     */
    private Connection connectListener() throws SQLException {
        AgroalConnectionFactoryConfiguration factory = dataSource.getConfiguration().connectionPoolConfiguration()
                .connectionFactoryConfiguration();
        Properties properties = new Properties();
        properties.putAll(factory.jdbcProperties());
        if (factory.principal() instanceof NamePrincipal user) {
            properties.putAll(user.asProperties());
        }
        for (Object credential : factory.credentials()) {
            if (credential instanceof SimplePassword password) {
                properties.putAll(password.asProperties());
            }
        }
        properties.setProperty("ApplicationName", LISTENER_NAME);
        Connection connection = new org.postgresql.Driver().connect(factory.jdbcUrl(), properties);
        if (connection == null) {
            throw new SQLException("not a PostgreSQL URL: " + factory.jdbcUrl());
        }
        return connection;
    }

    private void take(PGNotification[] notifications) {
        if (notifications != null) {
            for (PGNotification notification : notifications) {
                if (CHANNEL.equals(notification.getName())) {
                    known.accumulateAndGet(Long.parseLong(notification.getParameter()), Math::max);
                }
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        Thread thread = listener;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
