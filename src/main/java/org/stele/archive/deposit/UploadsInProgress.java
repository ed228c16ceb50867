package org.stele.archive.deposit;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The temporary keys (staged bytes, chunks not yet recorded) that uploads running in this process are writing or about
 * to commit: the sweep leaves them alone whatever their age, for their age says when their write began, not that it died.
 */
@ApplicationScoped
public class UploadsInProgress {
    private final Set<String> keys = ConcurrentHashMap.newKeySet();

    /** Holds {@code key} until the returned handle is closed. */
    public Held hold(String key) {
        keys.add(key);
        return () -> keys.remove(key);
    }

    boolean holds(String key) {
        return keys.contains(key);
    }

    /** A key held by an upload in progress; closing it lets the sweep judge the key by its age again. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
