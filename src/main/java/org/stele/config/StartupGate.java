package org.stele.config;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.inject.Singleton;

/**
 * Whether startup got through schema, storage and admin token. Opened once by {@code Boot}; scheduled jobs and
 * commands wait for it, so that after a failed start they do not race the shutdown.
 */
public final class StartupGate {
    private static volatile boolean open;

    private StartupGate() {
    }

    /** Called once, when the archive is up. */
    public static void open() {
        open = true;
    }

    public static boolean isOpen() {
        return open;
    }

    /** {@code skipExecutionIf} of every scheduled job: skip until the gate opens. */
    @Singleton
    public static class Closed implements Scheduled.SkipPredicate {
        @Override
        public boolean test(ScheduledExecution execution) {
            return !open;
        }
    }
}
