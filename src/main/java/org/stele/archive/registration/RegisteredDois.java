package org.stele.archive.registration;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which identifiers resolve at {@code doi.org}: only DOIs that Stele registered with DataCite and that are findable
 * there. Every output that would link an identifier asks here first, so none presents an unregistered identifier
 * (or one under DataCite's test prefix) as a resolvable DOI.
 */
@ApplicationScoped
public class RegisteredDois {
    private final Registration registration;

    RegisteredDois(Registration registration) {
        this.registration = registration;
    }

    /**
     * True when {@code pid} is registered and findable at DataCite: registration is configured, the identifier is not
     * under DataCite's test prefix {@code 10.5072}, and DataCite accepted its {@code publish} (as last sent; a hide
     * still waiting to be sent leaves it findable, as it still is at DataCite).
     */
    public boolean findable(String pid) {
        return pid != null && registration.findable(pid);
    }

    /** What DataCite holds for {@code pid}, for the landing page's trust panel; empty when registration is off. */
    public java.util.Optional<Registration.PublicState> state(String pid) {
        return registration.publicState(pid);
    }
}
