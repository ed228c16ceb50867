package org.stele.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Times as PostgreSQL keeps them (microseconds), so a record written to storage equals the one read back. */
public final class Timestamps {
    private Timestamps() {
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
