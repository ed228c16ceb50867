package org.stele.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A bearer token; the secret itself is never stored, only its SHA-256. */
@Entity
@Table(name = "api_token")
public class ApiToken extends PanacheEntityBase {
    @Id
    public UUID id;

    public String name;

    @Column(name = "token_hash")
    public String tokenHash;

    public boolean admin;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    public static Optional<ApiToken> findByHash(String hash) {
        return find("tokenHash", hash).firstResultOptional();
    }

    public static boolean anyAdmin() {
        return count("admin", true) > 0;
    }
}
