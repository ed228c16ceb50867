package org.stele.store.filesystem;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Copies a stream into a file that must be durable when the copy returns, flushing behind the writer as it goes.
 *
 * <p>The page cache of a large machine holds gigabytes dirty before the kernel starts writing them back, so a single
 * {@code fsync} at the end would write the whole file to disk while the client waits, the network idle. Instead, every
 * {@link #FLUSH_EVERY} bytes an {@code fdatasync} of what is written so far starts on another thread, so the disk
 * works while the next bytes arrive, and the final {@code fsync} finds little left to write. For a resumable upload,
 * where every chunk must be durable before it is acknowledged, this is the difference between the disk's speed and
 * the disk's plus the network's.
 */
final class WriteBehind {
    static final int BUFFER_SIZE = 1 << 20;
    /** Bytes written between two flushes started behind the writer: large enough to batch, small enough to overlap. */
    static final long FLUSH_EVERY = 16L << 20;
    private static final ExecutorService FLUSHERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "stele-write-behind");
        thread.setDaemon(true);
        return thread;
    });

    private WriteBehind() {
    }

    /**
     * Writes all of {@code in} to {@code out} at its position and forces it (data and metadata) to the device.
     *
     * @return the number of bytes written
     */
    static long copy(InputStream in, FileChannel out) throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        CompletableFuture<Void> flushing = CompletableFuture.completedFuture(null);
        long written = 0;
        long unflushed = 0;
        try {
            int n;
            while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                written += n;
                unflushed += n;
                if (unflushed >= FLUSH_EVERY && flushing.isDone()) {
                    await(flushing); // a failed flush ends the write now
                    flushing = CompletableFuture.runAsync(() -> force(out, false), FLUSHERS);
                    unflushed = 0;
                }
            }
        } finally {
            awaitQuietly(flushing); // never leave a flush running on a channel the caller is about to close
        }
        await(flushing);
        out.force(true);
        return written;
    }

    private static void force(FileChannel channel, boolean metadata) {
        try {
            channel.force(metadata);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void await(CompletableFuture<Void> flush) throws IOException {
        try {
            flush.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while flushing");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IOException(e.getCause());
        }
    }

    private static void awaitQuietly(CompletableFuture<Void> flush) {
        try {
            flush.join();
        } catch (RuntimeException ignored) {
            // reported by await, or the write failed first and its exception is the one that matters
        }
    }
}
