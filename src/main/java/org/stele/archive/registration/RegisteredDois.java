package org.stele.archive.registration;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which identifiers resolve at {@code doi.org}: only DOIs that Stele registered with DataCite and that are findable
 * there. Every output that would link an identifier asks here first, so none presents an unregistered identifier
 * (or one under DataCite's test prefix) as a resolvable DOI.
 */
@ApplicationScoped
public class RegisteredDois {
    /** True when {@code pid} is registered and findable at DataCite. Until registration is configured, none is. */
    public boolean findable(String pid) {
        return false;
    }
}
