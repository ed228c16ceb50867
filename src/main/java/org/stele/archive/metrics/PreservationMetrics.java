package org.stele.archive.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fixity and replication meters at /q/metrics: {@code stele_fixity_checked_total}, {@code stele_fixity_failures},
 * {@code stele_fixity_replica_failures}, {@code stele_fixity_repairs_total}, {@code stele_replication_backlog}. The gauges hold the catalog's counts as of
 * this instance's last look (every fixity or replication tick and after each change it makes), so a scrape never
 * waits for the database.
 */
@ApplicationScoped
public class PreservationMetrics {
    private final Counter checked;
    private final Counter repairs;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong replicaFailures = new AtomicLong();
    private final AtomicLong backlog = new AtomicLong();

    PreservationMetrics(MeterRegistry registry) {
        checked = Counter.builder("stele.fixity.checked").description("Stored copies re-read and hashed by fixity passes")
                .register(registry);
        repairs = Counter.builder("stele.fixity.repairs").description("Damaged copies replaced by a verified copy")
                .register(registry);
        Gauge.builder("stele.fixity.failures", failures, AtomicLong::get)
                .description("Blobs whose primary copy is known to be missing or corrupt").register(registry);
        Gauge.builder("stele.fixity.replica.failures", replicaFailures, AtomicLong::get)
                .description("Blobs whose replica copy is known to be missing or corrupt").register(registry);
        Gauge.builder("stele.replication.backlog", backlog, AtomicLong::get)
                .description("Copies waiting in the replication queue").register(registry);
    }

    public void checked() {
        checked.increment();
    }

    public void repaired() {
        repairs.increment();
    }

    public void failures(long count) {
        failures.set(count);
    }

    public void replicaFailures(long count) {
        replicaFailures.set(count);
    }

    public void backlog(long count) {
        backlog.set(count);
    }
}
