package org.stele.archive.deposit;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.jboss.logging.Logger;
import org.stele.config.StartupGate;

/** Periodically removes abandoned upload sessions and staged bytes; safe to run on every replica at once. */
@ApplicationScoped
public class UploadSweeper {
    private static final Logger LOG = Logger.getLogger(UploadSweeper.class);

    private final UploadSessions sessions;

    UploadSweeper(UploadSessions sessions) {
        this.sessions = sessions;
    }

    @Scheduled(every = "${stele.uploads.sweep-every:10m}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = StartupGate.Closed.class)
    void sweep() {
        try {
            sessions.sweep();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("upload sweep failed, will retry: %s", e.getMessage());
        }
    }
}
