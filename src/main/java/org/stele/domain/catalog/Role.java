package org.stele.domain.catalog;

import java.util.Locale;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;

/** What a member may do in a namespace; each role includes the ones below it. */
public enum Role {
    /** Reads restricted models and drafts. */
    reader,
    /** Creates models and versions, uploads, publishes. */
    maintainer,
    /** Manages members, moves aliases, requests withdrawal, changes visibility and embargoes of published versions. */
    owner;

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    public static Role parse(String role) {
        if (role != null) {
            for (Role r : values()) {
                if (r.name().equals(role.toLowerCase(Locale.ROOT))) {
                    return r;
                }
            }
        }
        throw new ArchiveException(ErrorCode.INVALID_ROLE, "a role is one of owner, maintainer, reader");
    }
}
