package org.stele.archive.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Webhook meters at /q/metrics: {@code stele_webhook_deliveries_total{outcome}} (attempts: {@code delivered},
 * {@code retry}, {@code failed} when given up, {@code refused} when the target resolved to a forbidden address),
 * {@code stele_webhook_pending} and {@code stele_webhook_queue_age_seconds} (the oldest delivery waiting). The gauges
 * hold the queue as of this instance's last pass, so a scrape never waits for the database.
 */
@ApplicationScoped
public class WebhookMetrics {
    private final MeterRegistry registry;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong queueAgeSeconds = new AtomicLong();

    WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("stele.webhook.pending", pending, AtomicLong::get)
                .description("Webhook deliveries not yet delivered or given up").register(registry);
        Gauge.builder("stele.webhook.queue.age.seconds", queueAgeSeconds, AtomicLong::get)
                .description("Age of the oldest webhook delivery waiting").register(registry);
    }

    /** One attempt's outcome: delivered, retry, failed (given up) or refused. */
    public void attempt(String outcome) {
        Counter.builder("stele.webhook.deliveries").tag("outcome", outcome)
                .description("Webhook delivery attempts by outcome").register(registry).increment();
    }

    public void queue(long pendingCount, long oldestSeconds) {
        pending.set(pendingCount);
        queueAgeSeconds.set(oldestSeconds);
    }
}
