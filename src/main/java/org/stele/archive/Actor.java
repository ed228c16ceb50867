package org.stele.archive;

import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;
import org.stele.domain.ApiToken;

/**
 * Who is acting in the current request: set once by the access filter from the bearer token. Outside a request
 * (scheduled jobs, the rebuild command) nobody is authenticated and the audit trail names the actor "system".
 */
@RequestScoped
public class Actor {
    private ApiToken token;
    private String clientAddress;
    private boolean known;

    public void authenticated(ApiToken token, String clientAddress) {
        this.token = token;
        this.clientAddress = clientAddress;
        this.known = true;
    }

    public void anonymous(String clientAddress) {
        this.clientAddress = clientAddress;
        this.known = true;
    }

    /** Whether an HTTP request set this actor; otherwise the system itself is acting. */
    public boolean isKnown() {
        return known;
    }

    public Optional<ApiToken> token() {
        return Optional.ofNullable(token);
    }

    public boolean isAdmin() {
        return token != null && token.admin;
    }

    public Optional<String> clientAddress() {
        return Optional.ofNullable(clientAddress);
    }
}
