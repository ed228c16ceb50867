package org.stele.archive.reading;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Supplier;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;

/**
 * Answers that are the same for every reader until the catalog changes (published records, the facts of stored
 * blobs), kept in memory with the catalog generation they were made at (table {@code catalog_generation}, bumped at
 * commit by triggers on every change that can alter them). Each use reads the committed generation first, so an
 * answer is never older than the last commit, whichever instance made it.
 */
@ApplicationScoped
public class CatalogCache {
    /** Memory the cached answers may take, in (approximate) bytes. */
    private static final long CAPACITY = 64L << 20;

    private final AgroalDataSource dataSource;
    private final Cache<Object, Entry> entries = Caffeine.newBuilder()
            .maximumWeight(CAPACITY)
            .weigher((Object key, Entry entry) -> entry.weight())
            .build();

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

    /** The catalog generation as last committed. */
    public long generation() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("select n from catalog_generation");
                ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new ArchiveException(ErrorCode.CATALOG_UNAVAILABLE, "the catalog database did not answer: "
                    + e.getMessage());
        }
    }
}
