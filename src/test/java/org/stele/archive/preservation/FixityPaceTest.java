package org.stele.archive.preservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The even pace of scheduled fixity passes. */
class FixityPaceTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration CYCLE = Duration.ofHours(10);

    @Test
    void aPassWaitsWhenItHasReadMoreThanItsShareOfTheCycle() {
        Instant halfway = START.plus(Duration.ofHours(5));
        assertThat(FixityAudit.aheadOfSchedule(START, halfway, CYCLE, 1000, 400)).isFalse();
        assertThat(FixityAudit.aheadOfSchedule(START, halfway, CYCLE, 1000, 501)).isTrue();
    }

    @Test
    void blobsStoredDuringAPassCannotHoldItBackOnceTheCycleIsOver() {
        // 1000 bytes counted at the start, 1500 read because uploads landed after the cursor: it must still go on.
        Instant late = START.plus(Duration.ofHours(11));
        assertThat(FixityAudit.aheadOfSchedule(START, late, CYCLE, 1000, 1500)).isFalse();
        assertThat(FixityAudit.aheadOfSchedule(START, START.plus(CYCLE), CYCLE, 1000, 1500)).isFalse();
    }
}
