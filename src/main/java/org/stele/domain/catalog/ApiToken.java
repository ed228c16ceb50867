package org.stele.domain.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A bearer token of a user, with scopes and optionally limited to namespaces; only the secret's SHA-256 is stored. */
@Entity
@Table(name = "api_token")
public class ApiToken extends PanacheEntityBase {
    @Id
    public UUID id;

    public String name;

    @Column(name = "token_hash")
    public String tokenHash;

    @Column(name = "user_id")
    public UUID userId;

    /** {@link Scope} names. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] scopes;

    /** The namespaces the token may act in; null for every namespace its user may act in. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] namespaces;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    public static Optional<ApiToken> findByHash(String hash) {
        return find("tokenHash", hash).firstResultOptional();
    }

    public boolean has(Scope scope) {
        for (String s : scopes) {
            if (s.equals(scope.name())) {
                return true;
            }
        }
        return false;
    }

    /** Whether the token may act in {@code namespace} (case-insensitively). */
    public boolean covers(String namespace) {
        if (namespaces == null) {
            return true;
        }
        for (String ns : namespaces) {
            if (ns.equalsIgnoreCase(namespace)) {
                return true;
            }
        }
        return false;
    }
}
