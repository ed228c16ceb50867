package org.stele.domain.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** A user's role in a namespace. */
@Entity
@Table(name = "namespace_member")
public class NamespaceMember extends PanacheEntityBase {
    @EmbeddedId
    public Key key;

    @Enumerated(EnumType.STRING)
    public Role role;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    @Embeddable
    public static class Key implements Serializable {
        public String namespace;

        @Column(name = "user_id")
        public UUID userId;

        public Key() {
        }

        public Key(String namespace, UUID userId) {
            this.namespace = namespace;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.namespace.equals(namespace) && k.userId.equals(userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(namespace, userId);
        }
    }

    public static List<NamespaceMember> ofUser(UUID userId) {
        return list("key.userId", userId);
    }

    public static List<NamespaceMember> ofNamespace(String namespace) {
        return list("key.namespace = ?1 order by role desc, key.userId", namespace);
    }
}
