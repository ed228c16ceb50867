package org.stele.api.hf;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Datetimes as Hugging Face clients parse them: UTC, milliseconds, {@code Z} (Python rejects {@code +00:00}). */
final class HubDates {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private HubDates() {
    }

    static String format(Instant instant) {
        return instant == null ? null : FORMAT.format(instant);
    }
}
