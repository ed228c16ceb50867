package org.stele.domain.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An owner of models (a lab, a person). */
@Entity
@Table(name = "namespace")
public class Namespace extends PanacheEntityBase {
    @Id
    public String name;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    public static java.util.Optional<Namespace> byName(String name) {
        return find("lower(name) = lower(?1)", name).firstResultOptional();
    }

    /** Creates the namespace unless it exists (case-insensitively); answers its stored spelling. */
    public static String ensure(String name) {
        getEntityManager().createNativeQuery("insert into namespace (name) values (?1) on conflict do nothing")
                .setParameter(1, name).executeUpdate();
        return Namespace.<Namespace>find("lower(name) = lower(?1)", name).firstResult().name;
    }
}
