package org.stele.archive.deposit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.stele.config.StartupGate;
import org.stele.config.SteleConfig;
import org.stele.domain.catalog.UploadChunk;
import org.stele.domain.catalog.UploadSession;
import org.stele.store.BlobStore;
import org.stele.store.StorageLayout;
import org.stele.store.StoredObject;

/**
 * Removes what abandoned and killed uploads leave behind: expired sessions with their chunks, and temporary bytes no
 * live session or upload owns (a driver's temporary files or incomplete multipart uploads, staged bytes, chunks stored
 * but never recorded) once untouched for {@code stele.uploads.sweep-margin}. Runs once at start and every
 * {@code stele.uploads.sweep-every}; safe to run on every replica at once.
 */
@ApplicationScoped
public class UploadSweeper {
    private static final Logger LOG = Logger.getLogger(UploadSweeper.class);

    private final UploadSessions sessions;
    private final UploadsInProgress inProgress;
    private final BlobStore store;
    private final SteleConfig config;

    UploadSweeper(UploadSessions sessions, UploadsInProgress inProgress, BlobStore store, SteleConfig config) {
        this.sessions = sessions;
        this.inProgress = inProgress;
        this.store = store;
        this.config = config;
    }

    /** What one sweep removed. */
    public record Report(int sessions, int objects, long bytes) {
    }

    @Scheduled(every = "${stele.uploads.sweep-every}", delayed = "${stele.uploads.sweep-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = StartupGate.Closed.class)
    void scheduled() {
        sweepLogged();
    }

    /** The sweep at start, in the background: what the last run's killed uploads left goes before it piles up. */
    public void atStart() {
        Thread thread = new Thread(this::sweepLogged, "upload-sweep-at-start");
        thread.setDaemon(true);
        thread.start();
    }

    private void sweepLogged() {
        try {
            sweep(config.uploads().sweepMargin());
        } catch (IOException | RuntimeException e) {
            LOG.warnf("upload sweep failed, will retry: %s", e.getMessage());
        }
    }

    /** Sweeps temporary bytes untouched for {@code margin}. */
    public Report sweep(Duration margin) throws IOException {
        Instant now = Instant.now();
        List<UUID> expired = sessions.expired(now);
        for (UUID id : expired) {
            sessions.discard(id, Optional.empty());
        }
        long bytes = store.removeStaleTemporaries(margin);
        Instant stale = now.minus(margin);
        Map<UUID, Optional<Set<String>>> recorded = new HashMap<>();
        int objects = 0;
        for (StoredObject object : store.list(StorageLayout.UPLOADS)) {
            if (!inProgress.holds(object.key()) && isLeftover(object, stale, recorded)) {
                store.delete(object.key());
                objects++;
                bytes += object.size();
            }
        }
        Report report = new Report(expired.size(), objects, bytes);
        if (report.sessions() > 0 || report.objects() > 0 || report.bytes() > 0) {
            LOG.infof("upload sweep: %d expired sessions, %d leftover objects, %d bytes of temporary data removed",
                    report.sessions(), report.objects(), report.bytes());
        }
        return report;
    }

    /**
     * A chunk whose session is gone; a chunk its session never recorded (stored by an append that died before it could),
     * or staged bytes, untouched since {@code stale}.
     */
    private boolean isLeftover(StoredObject object, Instant stale, Map<UUID, Optional<Set<String>>> recorded) {
        boolean old = object.lastModified() != null && object.lastModified().isBefore(stale);
        if (StorageLayout.isStaging(object.key())) {
            return old;
        }
        if (!StorageLayout.isChunk(object.key())) {
            return false;
        }
        Optional<UUID> session = StorageLayout.sessionOf(object.key());
        if (session.isEmpty()) {
            return true;
        }
        Optional<Set<String>> keys = recorded.computeIfAbsent(session.get(), UploadSweeper::recordedChunks);
        return keys.isEmpty() || old && !keys.get().contains(object.key());
    }

    /** The chunk keys a session recorded; empty when there is no such session. */
    private static Optional<Set<String>> recordedChunks(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> UploadSession.findById(id) == null ? Optional.<Set<String>>empty()
                : Optional.of(UploadChunk.ofSession(id).stream().map(chunk -> chunk.storageKey).collect(Collectors.toSet())));
    }
}
