package org.stele.archive.harvesting;

import java.time.Instant;

/**
 * What a list request selects: the format, and optionally a set and a datestamp range.
 *
 * @param set   a well-formed setSpec ({@link HarvestSet#wellFormed}), or null for every record
 * @param from  the first datestamp included, or null
 * @param until the first datestamp no longer included (the protocol's inclusive bound plus its granularity), or null
 */
public record Selection(MetadataFormat format, String set, Instant from, Instant until) {
}
