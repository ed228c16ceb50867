package org.stele.store;

/** Keeps a reader at or below a number of bytes per second by sleeping when it gets ahead. */
public final class Throttle {
    private final long bytesPerSecond;
    private final long start = System.nanoTime();
    private long bytes;

    public Throttle(long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("a bandwidth cap must be positive");
        }
        this.bytesPerSecond = bytesPerSecond;
    }

    /** Accounts for {@code n} bytes read, sleeping as long as needed to stay under the cap. */
    public void consumed(long n) throws InterruptedException {
        bytes += n;
        long due = start + (long) (bytes * 1e9 / bytesPerSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
