package org.stele.archive.access;

import jakarta.enterprise.context.RequestScoped;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.stele.domain.catalog.ApiToken;
import org.stele.domain.catalog.Role;
import org.stele.domain.catalog.Scope;

/**
 * Who is acting in the current request: set once by the access filter from the bearer token, with the token's
 * user and his roles. Outside a request (scheduled jobs, the rebuild command) nobody is authenticated and the
 * audit trail names the actor "system".
 */
@RequestScoped
public class Actor {
    private ApiToken token;
    private Account account;
    private Map<String, Role> roles = Map.of();
    private String clientAddress;
    private boolean known;

    /** The user behind a token, as far as permissions need him. */
    public record Account(UUID id, String username, boolean admin) {
    }

    public void authenticated(ApiToken token, Account account, Map<String, Role> roles, String clientAddress) {
        this.token = token;
        this.account = account;
        this.roles = Map.copyOf(roles);
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

    public Optional<Account> account() {
        return Optional.ofNullable(account);
    }

    /** An admin acting as one: an admin user with a token that carries the {@code admin} scope. */
    public boolean isAdmin() {
        return account != null && account.admin() && token.has(Scope.admin);
    }

    /** The user's own role in a namespace, whatever the token allows. */
    public Optional<Role> role(String namespace) {
        return Optional.ofNullable(roles.get(namespace.toLowerCase(Locale.ROOT)));
    }

    /** Whether the token carries {@code scope} and may act in {@code namespace}. */
    public boolean tokenAllows(Scope scope, String namespace) {
        return token != null && token.has(scope) && token.covers(namespace);
    }

    /** Whether the user maintains (or owns) a namespace this token may act in. */
    public boolean maintainsAnyCoveredNamespace() {
        return roles.entrySet().stream().anyMatch(e -> e.getValue().includes(Role.maintainer) && token.covers(e.getKey()));
    }

    /** Whether this request may read restricted models and drafts of {@code namespace}. */
    public boolean canRead(String namespace) {
        return isAdmin() || (role(namespace).isPresent() && tokenAllows(Scope.read, namespace));
    }

    /** The namespaces (lower case) whose restricted content this request may read, admin powers aside. */
    public java.util.List<String> readableNamespaces() {
        return roles.keySet().stream().filter(this::canRead).toList();
    }

    /** Whether the user (not necessarily this token) knows what {@code namespace} holds: a member or an admin. */
    public boolean insider(String namespace) {
        return account != null && (account.admin() || role(namespace).isPresent());
    }

    /** The name the audit trail records: the username, "anonymous" or "system". */
    public String name() {
        return account != null ? account.username() : "anonymous";
    }

    public Optional<String> clientAddress() {
        return Optional.ofNullable(clientAddress);
    }
}
