package org.stele.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Times as PostgreSQL keeps them (microseconds), so a record written to storage equals the one read back. The
 * clock can be replaced (tests move it past an embargo) and is the system clock otherwise.
 */
public final class Timestamps {
    private static volatile Clock clock = Clock.systemUTC();

    private Timestamps() {
    }

    public static Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Replaces the clock every time in the archive is read from; {@code null} restores the system clock. */
    public static void useClock(Clock replacement) {
        clock = replacement == null ? Clock.systemUTC() : replacement;
    }

    /** A timestamp as a native query returns it (the JDBC driver's type varies), or null. */
    public static Instant instant(Object value) {
        if (value == null || value instanceof Instant) {
            return (Instant) value;
        } else if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        } else if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalArgumentException("not a timestamp: " + value.getClass());
    }
}
