package org.stele.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The fixity bandwidth cap holds. */
class ThrottleTest {
    @Test
    void readingFasterThanTheCapIsSlowedToIt() throws InterruptedException {
        Throttle throttle = new Throttle(4_000_000);
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            throttle.consumed(100_000);
        }
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(240); // 1 MB at 4 MB/s
    }
}
