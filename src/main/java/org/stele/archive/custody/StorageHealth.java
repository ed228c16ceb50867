package org.stele.archive.custody;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.stele.store.BlobStore;

/**
 * Ready only while blob storage answers; the database check comes with the datasource extension. A hung server
 * does not hang readiness: the check answers DOWN after {@link #BOUND} (under the Helm probe's 3 s timeout) while the
 * storage call runs on to its own timeout on one thread of its own, which later checks wait for rather than pile up.
 */
@Readiness
@jakarta.enterprise.context.ApplicationScoped
public class StorageHealth implements HealthCheck {
    static final Duration BOUND = Duration.ofSeconds(2);

    private final BlobStore store;
    private final ExecutorService checker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "stele-storage-health");
        thread.setDaemon(true);
        return thread;
    });
    private Future<?> running;

    StorageHealth(BlobStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        var answer = HealthCheckResponse.named("storage").withData("driver", store.driver()).withData("location", store.location());
        try {
            check().get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            return answer.up().build();
        } catch (ExecutionException e) {
            return answer.down().withData("error", e.getCause().getMessage()).build();
        } catch (TimeoutException e) {
            return answer.down().withData("error", "storage did not answer within " + BOUND.toSeconds() + " s").build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return answer.down().withData("error", "interrupted").build();
        }
    }

    /** The check under way, or a new one when none is. */
    private synchronized Future<?> check() {
        if (running == null || running.isDone()) {
            running = checker.submit(() -> {
                store.check();
                return null;
            });
        }
        return running;
    }
}
