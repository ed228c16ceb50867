package org.stele.domain.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A public key the owners of a namespace registered to sign deposits ({@code model_signing sign key}). Its id is
 * the hint a Sigstore bundle names it by. Revoked keys are kept, marked.
 */
@Entity
@Table(name = "depositor_signing_key")
public class DepositorSigningKey extends PanacheEntityBase {
    @EmbeddedId
    public Key key;

    @Column(name = "public_key_pem")
    public String publicKeyPem;

    /** E.g. {@code ecdsa-p256-sha256}. */
    public String algorithm;

    public String label;

    @Column(name = "added_at")
    public Instant addedAt;

    @Column(name = "added_by")
    public String addedBy;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoked_by")
    public String revokedBy;

    @Embeddable
    public static class Key implements Serializable {
        public String namespace;
        public String id;

        public Key() {
        }

        public Key(String namespace, String id) {
            this.namespace = namespace;
            this.id = id;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.namespace.equals(namespace) && k.id.equals(id);
        }

        @Override
        public int hashCode() {
            return Objects.hash(namespace, id);
        }
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    /** The key {@code id} of {@code namespace} (its stored spelling), revoked or not. */
    public static Optional<DepositorSigningKey> of(String namespace, String id) {
        return findByIdOptional(new Key(namespace, id));
    }

    /** Every key of the namespace (its stored spelling), oldest first. */
    public static List<DepositorSigningKey> ofNamespace(String namespace) {
        return list("key.namespace = ?1 order by addedAt, key.id", namespace);
    }
}
