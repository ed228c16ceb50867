package org.stele.domain.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Every identifier ever minted, concept or version; never deleted, never reused. */
@Entity
@Table(name = "identifier")
public class PersistentIdentifier extends PanacheEntityBase {
    public static final String CONCEPT = "concept";
    public static final String VERSION = "version";

    @Id
    public String pid;

    public String kind;

    @Column(name = "model_id")
    public Long modelId;

    @Column(name = "version_id")
    public Long versionId;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    /** Reserves the identifier for good; false when it was taken already (identifiers are never reused). */
    public static boolean reserve(String pid, String kind) {
        return getEntityManager().createNativeQuery("insert into identifier (pid, kind) values (?1, ?2) on conflict do nothing")
                .setParameter(1, pid).setParameter(2, kind)
                .executeUpdate() == 1;
    }
}
