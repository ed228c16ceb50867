package org.stele.archive.reading;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.stele.archive.custody.VersionCustody;

/**
 * A version as the native API shows it: its record, member for member, and beside it how the archive keeps it. The
 * status changes with every fixity pass and replication, so it lives here and never in the stored record, whose bytes
 * (and the rebuild that reads them) must stay the same forever.
 *
 * @param preservation when the bytes and the record were last proven and how many copies hold them; absent for a
 *                     withdrawn version (its bytes are no longer served)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VersionView(@JsonUnwrapped VersionRecord record, VersionCustody.Preservation preservation) {
}
