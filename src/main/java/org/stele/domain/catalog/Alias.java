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
}
