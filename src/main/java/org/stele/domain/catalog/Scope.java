package org.stele.domain.catalog;

import java.util.Locale;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;

/** What a token may be used for, whatever its user could do. */
public enum Scope {
    /** Read restricted models and drafts of the user's namespaces; the audit trail for owners. */
    read,
    /** Create models, drafts and uploads; manage members of owned namespaces. */
    write,
    /** Publish versions, move aliases, request withdrawal, change embargoes of published versions. */
    publish,
    /** Act as an admin (only for admin users). */
    admin;

    public static Scope parse(String scope) {
        if (scope != null) {
            for (Scope s : values()) {
                if (s.name().equals(scope.toLowerCase(Locale.ROOT))) {
                    return s;
                }
            }
        }
        throw new ArchiveException(ErrorCode.INVALID_SCOPE, "a scope is one of read, write, publish, admin");
    }
}
