package org.stele.domain.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import org.stele.domain.ArchiveException;
import org.stele.domain.Description;
import org.stele.domain.ErrorCode;

/** A model: the concept all its versions share, with a concept identifier that resolves to the latest. */
@Entity
@Table(name = "model")
public class Model extends PanacheEntityBase {
    public static final String PUBLIC = "public";
    public static final String RESTRICTED = "restricted";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String namespace;
    public String name;

    /** Complete: every field present (empty description, authors and keywords allowed). */
    @Embedded
    public Description description;

    /** {@code public} (the default) or {@code restricted}: then only members and admins know the model exists. */
    public String visibility = PUBLIC;

    @Column(name = "concept_pid")
    public String conceptPid;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public boolean restricted() {
        return RESTRICTED.equals(visibility);
    }

    public static Optional<Model> byName(String namespace, String name) {
        return find("lower(namespace) = lower(?1) and lower(name) = lower(?2)", namespace, name).firstResultOptional();
    }

    /** The model, or 404 {@code model_not_found}. Call inside a transaction. */
    public static Model named(String namespace, String name) {
        return byName(namespace, name).orElseThrow(() -> notFound(namespace, name));
    }

    /** The answer for a model that does not exist, and for a restricted one to those who may not know it does. */
    public static ArchiveException notFound(String namespace, String name) {
        return new ArchiveException(ErrorCode.MODEL_NOT_FOUND, "no model " + namespace + "/" + name);
    }

    /** {@code namespace/name}, as Hugging Face names a repository. */
    public String repoId() {
        return namespace + "/" + name;
    }
}
