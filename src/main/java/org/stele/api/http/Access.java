package org.stele.api.http;

import jakarta.enterprise.context.ApplicationScoped;
import org.stele.archive.access.Permissions;

/**
 * The admin check of the operations endpoints (garbage collection, fixity, replication) that still ask it themselves;
 * every other use case checks its caller inside ({@code Permissions}). Who the caller is was settled by
 * {@link WriteAccessFilter}.
 */
@ApplicationScoped
public class Access {
    private final Permissions permissions;

    Access(Permissions permissions) {
        this.permissions = permissions;
    }

    /** Admin-only operations: 401 without a valid token, 403 {@code forbidden} for non-admins (insufficient_scope without the admin scope). */
    public void requireAdmin() {
        permissions.requireAdmin();
    }
}
