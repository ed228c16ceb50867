package org.stele.domain.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A named, movable pointer to a published version; never an identity. */
@Entity
@Table(name = "alias")
public class Alias extends PanacheEntityBase {
    /** Maintained by the archive: the newest published, not withdrawn version. */
    public static final String LATEST = "latest";

    @EmbeddedId
    public Key key;

    @Column(name = "version_id")
    public Long versionId;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "model_id")
        public Long modelId;

        public String name;

        public Key() {
        }

        public Key(Long modelId, String name) {
            this.modelId = modelId;
            this.name = name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(k.modelId, modelId) && Objects.equals(k.name, name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(modelId, name);
        }
    }

    /** Points the alias at a version in one atomic upsert: replicas moving the same alias at once never collide. */
    public static void point(long modelId, String name, long versionId, java.time.Instant at) {
        getEntityManager().createNativeQuery("""
                insert into alias (model_id, name, version_id, updated_at) values (?1, ?2, ?3, ?4)
                on conflict (model_id, name) do update set version_id = excluded.version_id, updated_at = excluded.updated_at""")
                .setParameter(1, modelId).setParameter(2, name).setParameter(3, versionId).setParameter(4, at)
                .executeUpdate();
    }
}
