package org.stele.api.http;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * The transfer buffers of every streamed body in this process: one budget (a sixteenth of the heap, between 8 buffers of
 * {@link #SIZE} and 64 MiB), so memory stays bounded whatever the number of downloads. A body that gets fewer than two
 * is not sent with them (it goes out by plain blocking writes). Buffers are kept once made, for they are reused.
 */
public final class HashedBodyBuffers {
    /**
     * Bytes of one buffer: one hand-over to the event loop. Measured against 1 MiB on the shared 2-core machine: a piece
     * read, hashed and copied while it is still in the core's cache was faster (docs/performance.md).
     */
    static final int SIZE = 256 << 10;
    /** Buffers one body keeps in flight: one being filled and hashed while the others are written. */
    public static final int DEPTH = 4;

    private static final HashedBodyBuffers SHARED = new HashedBodyBuffers(
            (int) Math.min(64L * (1 << 20) / SIZE, Math.max(8, Runtime.getRuntime().maxMemory() / 16 / SIZE)));

    private final int total;
    private final Semaphore permits;
    private final ConcurrentLinkedQueue<byte[]> idle = new ConcurrentLinkedQueue<>();

    private HashedBodyBuffers(int total) {
        this.total = total;
        this.permits = new Semaphore(total);
    }

    static HashedBodyBuffers shared() {
        return SHARED;
    }

    /** Buffers free now (tests check that every body gives its buffers back, however it ended). */
    public static int available() {
        return SHARED.permits.availablePermits();
    }

    /** All buffers of the budget. */
    public static int total() {
        return SHARED.total;
    }

    /** Up to {@link #DEPTH} buffers, or null when fewer than two are free now. */
    Lease lease() {
        int granted = 0;
        while (granted < DEPTH && permits.tryAcquire()) {
            granted++;
        }
        if (granted < 2) {
            permits.release(granted);
            return null;
        }
        List<byte[]> buffers = new ArrayList<>(granted);
        for (int i = 0; i < granted; i++) {
            byte[] kept = idle.poll();
            buffers.add(kept != null ? kept : new byte[SIZE]);
        }
        return new Lease(buffers);
    }

    /** Buffers one body holds until it gives them back, once. */
    final class Lease implements AutoCloseable {
        private final List<byte[]> buffers;
        private boolean returned;

        private Lease(List<byte[]> buffers) {
            this.buffers = buffers;
        }

        List<byte[]> buffers() {
            return buffers;
        }

        @Override
        public void close() {
            if (returned) {
                return;
            }
            returned = true;
            idle.addAll(buffers);
            permits.release(buffers.size());
        }
    }
}
