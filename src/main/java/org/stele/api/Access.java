package org.stele.api;

import jakarta.enterprise.context.ApplicationScoped;
import org.stele.archive.Actor;
import org.stele.domain.ArchiveException;

/** Authorisation checks the resources ask for; who the caller is was settled by {@link WriteAccessFilter}. */
@ApplicationScoped
public class Access {
    private final Actor actor;

    Access(Actor actor) {
        this.actor = actor;
    }

    /** Admin-only operations: 401 without a valid token, 403 {@code forbidden} with a non-admin one. */
    public void requireAdmin() {
        if (actor.token().isEmpty()) {
            throw WriteAccessFilter.unauthenticated("this operation needs an admin token");
        }
        if (!actor.isAdmin()) {
            throw new ArchiveException(403, "forbidden", "Forbidden", "this operation needs an admin token");
        }
    }
}
