package org.stele.archive.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.stele.store.filesystem.FileRegion;

/**
 * Stele's own meters, exported at /q/metrics with the {@code stele_} prefix: bytes in and out, uploads in
 * progress, publications, withdrawals, storage errors and client aborts. HTTP rates and latencies per route come from
 * Quarkus' own HTTP binder.
 */
@ApplicationScoped
public class ArchiveMetrics {
    private final Counter uploadBytes;
    private final Counter downloadBytes;
    private final Counter publishes;
    private final Counter withdrawals;
    private final Counter storageErrors;
    private final Counter storageOutages;
    private final Counter clientAborts;
    private final Counter redirectedBytes;
    private final AtomicInteger uploadsInProgress;

    ArchiveMetrics(MeterRegistry registry) {
        uploadBytes = Counter.builder("stele.upload.bytes").baseUnit("bytes")
                .description("Bytes received into the archive (single uploads, chunks and files)").register(registry);
        downloadBytes = Counter.builder("stele.download.bytes").baseUnit("bytes")
                .description("Bytes of stored content sent to readers").register(registry);
        publishes = Counter.builder("stele.publish").description("Versions published").register(registry);
        withdrawals = Counter.builder("stele.withdraw").description("Versions withdrawn").register(registry);
        String failed = "Requests failed by storage: kind=error when it answered wrongly or failed (alert), "
                + "kind=unavailable when it could not be reached or timed out (answered 503)";
        storageErrors = Counter.builder("stele.storage.errors").tag("kind", "error").description(failed).register(registry);
        storageOutages = Counter.builder("stele.storage.errors").tag("kind", "unavailable").description(failed).register(registry);
        clientAborts = Counter.builder("stele.client.aborts")
                .description("Uploads the client stopped sending before the end of the body (not a storage error)")
                .register(registry);
        redirectedBytes = Counter.builder("stele.download.redirected.bytes").baseUnit("bytes")
                .description("Bytes of stored content readers were sent to fetch from storage by a presigned link (not "
                        + "in stele.download.bytes; whether and how much of it they fetched, only storage knows)").register(registry);
        uploadsInProgress = registry.gauge("stele.uploads.in.progress", new AtomicInteger());
    }

    /**
     * A request body: its bytes count as uploaded, and the upload as in progress from its first byte until it
     * is read to the end or closed. Callers close it (try-with-resources), so a refused request leaves no count.
     */
    public InputStream uploaded(InputStream body) {
        return metered(body, true);
    }

    /** A reader sent to storage by a presigned link for {@code bytes} bytes. */
    public void redirected(long bytes) {
        redirectedBytes.increment(bytes);
    }

    /**
     * Content on its way to a reader: its bytes count as downloaded. A file region goes out by sendfile, past any
     * stream wrapper: it counts whole when handed over.
     */
    public InputStream downloaded(InputStream content) {
        if (content instanceof FileRegion region) {
            downloadBytes.increment(region.length());
            return region;
        }
        return metered(content, false);
    }

    /** Content sent to a reader from memory: its bytes count as downloaded. */
    public void downloaded(long bytes) {
        downloadBytes.increment(bytes);
    }

    private InputStream metered(InputStream in, boolean upload) {
        Counter counter = upload ? uploadBytes : downloadBytes;
        return new FilterInputStream(in) {
            private boolean started;
            private boolean finished;

            @Override
            public int read() throws IOException {
                start();
                int b = super.read();
                if (b >= 0) {
                    counter.increment();
                } else {
                    finish();
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int off, int len) throws IOException {
                start();
                int n = super.read(buffer, off, len);
                if (n > 0) {
                    counter.increment(n);
                } else if (n < 0) {
                    finish();
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                finish();
                super.close();
            }

            void start() {
                if (upload && !started) {
                    started = true;
                    uploadsInProgress.incrementAndGet();
                }
            }

            void finish() {
                if (started && !finished) {
                    finished = true;
                    uploadsInProgress.decrementAndGet();
                }
            }
        };
    }

    public void published() {
        publishes.increment();
    }

    public void withdrawn() {
        withdrawals.increment();
    }

    /** A request failed because storage failed or answered something unexpected. */
    public void storageError() {
        storageErrors.increment();
    }

    /** A request failed because storage could not be reached or did not answer in time. */
    public void storageUnavailable() {
        storageOutages.increment();
    }

    /** A client stopped sending an upload's body; nothing was stored, and storage did not fail. */
    public void clientAbort() {
        clientAborts.increment();
    }
}
