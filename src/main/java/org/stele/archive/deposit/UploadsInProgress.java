package org.stele.archive.deposit;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The temporary keys (staged bytes, chunks not yet recorded) that uploads running in this process are writing or about
 * to commit: the sweep leaves them alone whatever their age, for their age says when their write began, not that it died.
 */
@ApplicationScoped
public class UploadsInProgress {
    /** How many uploads hold each key: appends racing for a session's one staged object hold the same key. */
    private final Map<String, Integer> keys = new ConcurrentHashMap<>();

    /** Holds {@code key} until the returned handle is closed. */
    public Held hold(String key) {
        keys.merge(key, 1, Integer::sum);
        return () -> keys.computeIfPresent(key, (k, holders) -> holders == 1 ? null : holders - 1);
    }

    boolean holds(String key) {
        return keys.containsKey(key);
    }

    /** A key held by an upload in progress; closing it lets the sweep judge the key by its age again. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
