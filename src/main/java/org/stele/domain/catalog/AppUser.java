package org.stele.domain.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A person or a pipeline account; owns tokens and has a personal namespace named after its username. */
@Entity
@Table(name = "app_user")
public class AppUser extends PanacheEntityBase {
    @Id
    public UUID id;

    public String username;

    public String name;

    public String email;

    /** Admins may do everything, with a token that carries the {@code admin} scope. */
    public boolean admin;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    public static Optional<AppUser> byUsername(String username) {
        return find("lower(username) = lower(?1)", username).firstResultOptional();
    }

    public static boolean anyAdmin() {
        return count("admin", true) > 0;
    }

    /** Takes the first-admin lock until the transaction ends: replicas starting together install one admin, not two. */
    public static void lockFirstAdmin() {
        getEntityManager().createNativeQuery("select pg_advisory_xact_lock(7365746)").getSingleResult();
    }
}
