package org.stele.archive.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;
import org.stele.domain.catalog.Model;
import org.stele.domain.catalog.Role;
import org.stele.domain.catalog.Scope;

/**
 * Who may do what, for the current {@link Actor}. Checks answer, in this order: 401 {@code unauthenticated}
 * without a valid token; 404 for a restricted model the user may not know exists; 403 {@code forbidden} when the
 * user lacks the role; 403 {@code insufficient_scope} when the user could but the token may not (scope or
 * namespace). Admins acting with the {@code admin} scope pass every check.
 */
@ApplicationScoped
public class Permissions {
    private final Actor actor;

    Permissions(Actor actor) {
        this.actor = actor;
    }

    public void requireAuthenticated(String what) {
        if (actor.account().isEmpty()) {
            throw unauthenticated(what + " needs Authorization: Bearer <token>");
        }
    }

    public void requireAdmin() {
        requireAuthenticated("this operation");
        if (actor.isAdmin()) {
            return;
        }
        throw actor.account().orElseThrow().admin() ? insufficientScope("this operation needs a token with the admin scope")
                : forbidden("this operation needs an admin");
    }

    /** The token carries {@code scope}, whatever the namespace (blobs and upload sessions belong to none). */
    public void requireScope(Scope scope) {
        requireAuthenticated("this operation");
        if (!actor.isAdmin() && !actor.token().orElseThrow().has(scope)) {
            throw insufficientScope("this operation needs a token with the " + scope + " scope");
        }
    }

    /**
     * Storing bytes that belong to no version yet (blobs, upload sessions): a token with the write scope of a user
     * who may deposit somewhere it covers, so readers cannot fill the archive's storage.
     */
    public void requireDepositor() {
        requireScope(Scope.write);
        if (!actor.isAdmin() && !actor.maintainsAnyCoveredNamespace()) {
            throw forbidden("storing bytes needs the maintainer role in a namespace");
        }
    }

    /** The user has at least {@code role} in {@code namespace} and the token carries {@code scope} for it. */
    public void requireNamespace(String namespace, Role role, Scope scope) {
        requireAuthenticated("this operation");
        if (actor.isAdmin()) {
            return;
        }
        boolean hasRole = actor.role(namespace).map(r -> r.includes(role)).orElse(false);
        if (!hasRole) {
            throw actor.account().orElseThrow().admin()
                    ? insufficientScope("this operation needs a token with the admin scope, or the " + role + " role in " + namespace)
                    : forbidden("this operation needs the " + role + " role in namespace " + namespace);
        }
        if (!actor.tokenAllows(scope, namespace)) {
            throw insufficientScope("this operation needs a token with the " + scope + " scope for namespace " + namespace);
        }
    }

    /** As {@link #requireNamespace}, on a model: a restricted model the user may not know of is 404. */
    @Transactional
    public void requireModel(String namespace, String name, Role role, Scope scope) {
        requireAuthenticated("this operation");
        Model model = Model.named(namespace, name);
        if (model.restricted() && !actor.insider(model.namespace)) {
            throw Model.notFound(namespace, name);
        }
        requireNamespace(model.namespace, role, scope);
    }

    /** Whether this request may see restricted models and drafts of {@code namespace}. */
    public boolean canRead(String namespace) {
        return actor.canRead(namespace);
    }

    public boolean isAdmin() {
        return actor.isAdmin();
    }

    /** Whether the caller is an admin, or holds at least {@code role} in {@code namespace} with a token that may read it. */
    public boolean holds(String namespace, Role role) {
        return actor.isAdmin() || actor.role(namespace).map(r -> r.includes(role)).orElse(false)
                && actor.tokenAllows(Scope.read, namespace);
    }

    /** Whether the caller is this user (whatever his token's scopes) or an admin. */
    public boolean isUserOrAdmin(String username) {
        return isAdmin() || actor.account().map(a -> a.username().equalsIgnoreCase(username)).orElse(false);
    }

    /** The user behind this request's token; empty for anonymous requests and the system itself. */
    public java.util.Optional<java.util.UUID> accountId() {
        return actor.account().map(Actor.Account::id);
    }

    /** The namespaces (lower case) whose restricted models and drafts this request may read; admins read all. */
    public java.util.List<String> readableNamespaces() {
        return actor.readableNamespaces();
    }

    /** Whether this request may see the model at all. */
    public boolean canSee(Model model) {
        return !model.restricted() || actor.canRead(model.namespace);
    }

    /**
     * The model, if this request may see it: 404 for outsiders, as if it did not exist; 403 insufficient_scope for
     * a member whose token may not read it. Call inside a transaction.
     */
    public Model visible(String namespace, String name) {
        Model model = Model.named(namespace, name);
        if (canSee(model)) {
            return model;
        }
        if (actor.insider(model.namespace)) {
            throw insufficientScope("reading restricted model " + model.namespace + "/" + model.name
                    + " needs a token with the read scope for its namespace");
        }
        throw Model.notFound(namespace, name);
    }

    public static ArchiveException unauthenticated(String detail) {
        return new ArchiveException(ErrorCode.UNAUTHENTICATED, detail);
    }

    public static ArchiveException forbidden(String detail) {
        return new ArchiveException(ErrorCode.FORBIDDEN, detail);
    }

    public static ArchiveException insufficientScope(String detail) {
        return new ArchiveException(ErrorCode.INSUFFICIENT_SCOPE, detail);
    }
}
