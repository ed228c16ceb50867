package org.stele.archive.custody;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.stele.store.BlobStore;
import org.stele.store.StorageException;

/** Ready only while blob storage answers; the database check comes with the datasource extension. */
@Readiness
@jakarta.enterprise.context.ApplicationScoped
public class StorageHealth implements HealthCheck {
    private final BlobStore store;

    StorageHealth(BlobStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        var answer = HealthCheckResponse.named("storage").withData("driver", store.driver()).withData("location", store.location());
        try {
            store.verify();
            return answer.up().build();
        } catch (StorageException e) {
            return answer.down().withData("error", e.getMessage()).build();
        }
    }
}
