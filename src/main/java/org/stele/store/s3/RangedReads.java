package org.stele.store.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads a large object as consecutive ranges fetched in parallel ({@link #DEPTH} requests in flight, each range read
 * whole into a buffer) and hands the bytes on strictly in order, so a digest over the stream sees them as stored. One
 * S3 GET stream is bound by the latency and per-connection rate of the server; several keep it busy. Buffers come from
 * one budget for the whole store, so memory stays bounded whatever the number of downloads: a read that gets no buffer
 * is not made here (the caller falls back to one plain GET).
 */
final class RangedReads {
    /** Bytes of one ranged GET. */
    static final int RANGE = 8 << 20;
    /** Ranges a single read keeps in flight. */
    static final int DEPTH = 4;

    /** Opens the stream of bytes {@code [offset, offset + length)} of the object; the first call may throw. */
    interface Source {
        InputStream open(long offset, long length) throws IOException;
    }

    private final Semaphore buffers;
    private final ExecutorService fetchers;
    private final int rangeSize;

    /** At most {@code budget} bytes of buffers for all reads together, in ranges of {@code rangeSize}. */
    RangedReads(long budget, int rangeSize) {
        this.rangeSize = rangeSize;
        int count = (int) Math.max(1, budget / rangeSize);
        this.buffers = new Semaphore(count);
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(count, count, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "s3-ranged-read-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        this.fetchers = pool;
    }

    /**
     * The budget of every S3 store in this process (primary and replica share it): an eighth of the heap, between two
     * and sixteen ranges.
     */
    static RangedReads forHeap() {
        return Shared.READS;
    }

    private static final class Shared {
        static final RangedReads READS = new RangedReads(
                Math.min(16L * RANGE, Math.max(2L * RANGE, Runtime.getRuntime().maxMemory() / 8)), RANGE);
    }

    /** Whether {@code length} bytes are worth splitting into ranges. */
    boolean worthSplitting(long length) {
        return length > rangeSize;
    }

    /** Buffers free now. */
    int available() {
        return buffers.availablePermits();
    }

    /**
     * The bytes, fetched in parallel ranges, or null when no buffer is free now. The first range is requested before
     * this returns, so a missing object fails here as a plain GET would.
     */
    InputStream open(Source source, long offset, long length) throws IOException {
        int granted = 0;
        while (granted < DEPTH && buffers.tryAcquire()) {
            granted++;
        }
        if (granted < 2) {
            buffers.release(granted);
            return null;
        }
        Stream stream = new Stream(source, offset, length, granted);
        try {
            stream.start();
        } catch (IOException | RuntimeException e) {
            stream.close();
            throw e;
        }
        return stream;
    }

    /** One range read into a buffer; {@code filled < wanted} means the object ended early. */
    private record Chunk(byte[] data, int filled, int wanted) {
    }

    private final class Stream extends InputStream {
        private final Source source;
        private final long end;
        private final ArrayDeque<Future<Chunk>> pending = new ArrayDeque<>();
        private final ArrayDeque<byte[]> spare = new ArrayDeque<>();
        private int held;
        private long next;
        private Chunk current;
        private int position;
        private boolean ended;
        private boolean closed;
        private IOException failure;
        /** The first range's response, opened before its fetch runs: closed here should that fetch never run. */
        private InputStream first;

        Stream(Source source, long offset, long length, int held) {
            this.source = source;
            this.next = offset;
            this.end = offset + length;
            this.held = held;
        }

        void start() throws IOException {
            long first = Math.min(rangeSize, end - next);
            this.first = source.open(next, first); // fails now for a missing object
            schedule(this.first);
            while (pending.size() < held && next < end) {
                schedule(null);
            }
        }

        private void schedule(InputStream opened) {
            long from = next;
            int wanted = (int) Math.min(rangeSize, end - from);
            next += wanted;
            byte[] buffer = spare.isEmpty() ? new byte[rangeSize] : spare.poll();
            pending.add(fetchers.submit(() -> {
                try (InputStream in = opened != null ? opened : source.open(from, wanted)) {
                    return new Chunk(buffer, in.readNBytes(buffer, 0, wanted), wanted);
                }
            }));
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("stream closed");
            }
            if (failure != null) {
                throw new IOException("an earlier range failed", failure);
            }
            if (len == 0) {
                return 0;
            }
            while (current == null || position == current.filled()) {
                if (!advance()) {
                    return -1;
                }
            }
            int n = Math.min(len, current.filled() - position);
            System.arraycopy(current.data(), position, target, off, n);
            position += n;
            return n;
        }

        /** Moves to the next range, its buffer freed for the one after; false at the end of the bytes. */
        private boolean advance() throws IOException {
            if (current != null) {
                if (current.filled() < current.wanted()) {
                    ended = true; // the object is shorter than asked: what follows does not exist
                }
                spare.add(current.data());
                current = null;
                if (!ended && next < end) {
                    schedule(null);
                }
            }
            if (ended || pending.isEmpty()) {
                ended = true;
                return false;
            }
            try {
                current = await(pending.poll());
            } catch (IOException e) {
                failure = e; // the bytes after a lost range must never follow the ones before it
                throw e;
            }
            position = 0;
            return true;
        }

        private Chunk await(Future<Chunk> chunk) throws IOException {
            try {
                return chunk.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading a range");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IOException(e.getCause());
            }
        }

        /** Lets go of the buffers: those of ranges still in flight once their fetch is over. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            boolean firstUnread = current == null && !pending.isEmpty() && pending.peek().cancel(false);
            for (Future<Chunk> f : pending) {
                f.cancel(false);
            }
            if (firstUnread && first != null) {
                try {
                    first.close();
                } catch (IOException e) {
                    // a response nobody reads; closing it only frees its connection
                }
            }
            Future<?>[] outstanding = pending.toArray(Future[]::new);
            pending.clear();
            int release = held;
            held = 0;
            if (outstanding.length == 0) {
                buffers.release(release);
                return;
            }
            // A fetch already running finishes its range (bounded) before its buffer counts as free again.
            fetchers.execute(() -> {
                for (Future<?> f : outstanding) {
                    try {
                        f.get();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (ExecutionException | CancellationException e) {
                        // nobody reads it any more
                    }
                }
                buffers.release(release);
            });
        }
    }
}
