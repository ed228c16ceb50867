package org.stele.archive.preservation;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.stele.archive.custody.BlobConditions;

/**
 * Readiness detail on damage: {@code fixity} stays UP with {@code status: degraded} and the counts of blobs with a
 * damaged primary copy and with a damaged replica copy (redundancy lost).
 * Damage is archive-wide (every instance shares the catalog and the store), so DOWN would take every instance out of
 * the load balancer and stop all content being served, when only the damaged blobs are refused (500
 * {@code integrity_error}). Alerts belong on {@code stele_fixity_failures}.
 */
@Readiness
@ApplicationScoped
public class FixityHealth implements HealthCheck {
    private final BlobConditions conditions;

    FixityHealth(BlobConditions conditions) {
        this.conditions = conditions;
    }

    @Override
    public HealthCheckResponse call() {
        BlobConditions.Damage damage;
        try {
            damage = conditions.damage();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("fixity").up().withData("status", "unknown").build(); // the database check says why
        }
        return HealthCheckResponse.named("fixity").up()
                .withData("status", damage.none() ? "intact" : "degraded")
                .withData("damaged_blobs", damage.primary())
                .withData("damaged_replica_copies", damage.replica())
                .build();
    }
}
