package org.stele.archive.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * DataCite registration meters at /q/metrics: {@code stele_datacite_registrations{state}} (identifiers under the
 * archive's prefix by what DataCite holds), {@code stele_datacite_pending}, {@code stele_datacite_failing},
 * {@code stele_datacite_oldest_pending_seconds} and {@code stele_datacite_calls_total{call,outcome}}. The gauges hold
 * the queue's counts as of this instance's last pass, so a scrape never waits for the database.
 */
@ApplicationScoped
public class DataCiteMetrics {
    /** The states an identifier can be in at DataCite, as the registration queue names them. */
    public static final List<String> STATES = List.of("none", "draft", "findable", "registered", "deleted");

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> byState = new ConcurrentHashMap<>();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong failing = new AtomicLong();
    private final AtomicLong oldestPendingSeconds = new AtomicLong();

    DataCiteMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String state : STATES) {
            AtomicLong count = new AtomicLong();
            byState.put(state, count);
            Gauge.builder("stele.datacite.registrations", count, AtomicLong::get).tag("state", state)
                    .description("Identifiers under the archive's prefix, by their state at DataCite").register(registry);
        }
        Gauge.builder("stele.datacite.pending", pending, AtomicLong::get)
                .description("Identifiers with a change not yet sent to DataCite").register(registry);
        Gauge.builder("stele.datacite.failing", failing, AtomicLong::get)
                .description("Identifiers whose last call to DataCite failed").register(registry);
        Gauge.builder("stele.datacite.oldest.pending.seconds", oldestPendingSeconds, AtomicLong::get)
                .description("Age of the oldest change not yet sent to DataCite").register(registry);
    }

    /** One call to DataCite: {@code call} is draft, publish, update, hide, register or delete; outcome ok or failed. */
    public void call(String call, boolean ok) {
        Counter.builder("stele.datacite.calls").tag("call", call).tag("outcome", ok ? "ok" : "failed")
                .description("Calls to the DataCite REST API").register(registry).increment();
    }

    public void queue(Map<String, Long> counts, long pendingCount, long failingCount, long oldestSeconds) {
        byState.forEach((state, count) -> count.set(counts.getOrDefault(state, 0L)));
        pending.set(pendingCount);
        failing.set(failingCount);
        oldestPendingSeconds.set(oldestSeconds);
    }
}
