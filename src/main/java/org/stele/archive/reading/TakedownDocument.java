package org.stele.archive.reading;

import java.time.Instant;
import java.util.List;

/**
 * What storage keeps of a takedown, next to the version's record, so that a catalog rebuilt from storage knows which
 * missing bytes were removed on purpose (and why) and which were lost and must be reported and repaired.
 */
public record TakedownDocument(String kind, String pid, String version, Instant purgedAt, String reason, List<String> purged) {
    public static final String KIND = "takedown";
}
