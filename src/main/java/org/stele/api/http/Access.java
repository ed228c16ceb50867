package org.stele.api.http;

import jakarta.enterprise.context.ApplicationScoped;
import org.stele.archive.access.Permissions;
import org.stele.domain.Role;
import org.stele.domain.Scope;

/** Authorisation checks the resources ask for before acting; who the caller is was settled by {@link WriteAccessFilter}. */
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

    /** The caller is this user or an admin; anyone else is told there is no such user (404). */
    public void requireUserOrAdmin(String username) {
        permissions.requireAuthenticated("this operation");
        if (!permissions.isUserOrAdmin(username)) {
            throw org.stele.archive.access.Accounts.userNotFound(username);
        }
    }

    /** Any valid token. */
    public void requireAuthenticated() {
        permissions.requireAuthenticated("this operation");
    }

    /** A token with {@code scope}, for things that belong to no namespace (blobs, upload sessions). */
    public void requireScope(Scope scope) {
        permissions.requireScope(scope);
    }

    /** A token with the write scope of a user who may deposit (blobs, upload sessions). */
    public void requireDepositor() {
        permissions.requireDepositor();
    }

    /** At least {@code role} in {@code namespace}, with a token carrying {@code scope} for it. */
    public void requireNamespace(String namespace, Role role, Scope scope) {
        permissions.requireNamespace(namespace, role, scope);
    }

    /** As {@link #requireNamespace} on a model; 404 when the caller may not know it exists. */
    public void requireModel(String namespace, String name, Role role, Scope scope) {
        permissions.requireModel(namespace, name, role, scope);
    }
}
