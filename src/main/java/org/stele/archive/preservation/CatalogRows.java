package org.stele.archive.preservation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The rows a {@link CatalogRebuild} checks and writes besides its entities: whether the catalog is empty, and the blob
 * rows with the condition storage was found in. Runs in the caller's transaction.
 */
@ApplicationScoped
class CatalogRows {
    private final EntityManager entityManager;

    CatalogRows(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** How many models, versions, identifiers and blobs the catalog holds. */
    long count() {
        return ((Number) entityManager.createNativeQuery("select (select count(*) from model) + (select count(*) "
                + "from model_version) + (select count(*) from identifier) + (select count(*) from blob)").getSingleResult()).longValue();
    }

    /** A blob a file names; its bytes gone when {@code takenDown}. */
    void addBlob(String digest, long size, boolean takenDown) {
        entityManager.createNativeQuery("insert into blob (digest, size, purged_at) values (?1, ?2, "
                + (takenDown ? "clock_timestamp()" : "null") + ")").setParameter(1, digest).setParameter(2, size).executeUpdate();
    }

    /** Stored bytes no file names, unreferenced from now on (collectable once the grace period is over). */
    void addUnreferencedBlob(String digest, long size) {
        entityManager.createNativeQuery("insert into blob (digest, size, unreferenced_since) values (?1, ?2, clock_timestamp())")
                .setParameter(1, digest).setParameter(2, size).executeUpdate();
    }

    /** Records a blob's primary copy as missing, for no recorded reason, so that it is reported and repaired. */
    void recordLost(String digest) {
        entityManager.createNativeQuery("""
                insert into blob_fixity (digest, checked_at, outcome, detail, damaged_since)
                values (?1, now(), 'missing', 'missing from storage when the catalog was rebuilt', now())""")
                .setParameter(1, digest).executeUpdate();
    }

    /**
     * A user from his document, unless one of that name is there already (the first admin a fresh start installed
     * keeps his id and his token). Answers the id the user has in the catalog.
     */
    UUID addUser(UserDocument user) {
        List<?> existing = entityManager.createNativeQuery("select id from app_user where lower(username) = lower(?1)")
                .setParameter(1, user.username()).getResultList();
        if (!existing.isEmpty()) {
            return (UUID) existing.get(0);
        }
        entityManager.createNativeQuery("insert into app_user (id, username, name, email, admin, created_at) values (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, user.id()).setParameter(2, user.username()).setParameter(3, user.name())
                .setParameter(4, user.email()).setParameter(5, user.admin()).setParameter(6, user.createdAt()).executeUpdate();
        return user.id();
    }

    /** A namespace from its document, unless it is there already. */
    void addNamespace(NamespaceDocument namespace) {
        entityManager.createNativeQuery("insert into namespace (name, created_at) values (?1, ?2) on conflict do nothing")
                .setParameter(1, namespace.name()).setParameter(2, namespace.createdAt()).executeUpdate();
    }

    /** A depositor's signing key of a namespace, as its namespace's document says. */
    void addSigningKey(String namespace, NamespaceDocument.SigningKey key) {
        entityManager.createNativeQuery("""
                insert into depositor_signing_key (namespace, id, public_key_pem, algorithm, label, added_at, added_by, revoked_at, revoked_by)
                values ((select name from namespace where lower(name) = lower(?1)), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)""")
                .setParameter(1, namespace).setParameter(2, key.id()).setParameter(3, key.publicKeyPem()).setParameter(4, key.algorithm())
                .setParameter(5, key.label()).setParameter(6, key.addedAt()).setParameter(7, key.addedBy())
                .setParameter(8, key.revokedAt()).setParameter(9, key.revokedBy()).executeUpdate();
    }

    /** A member of a namespace with his role, as his namespace's document says. */
    void addMember(String namespace, UUID user, String role, Instant since) {
        entityManager.createNativeQuery("""
                insert into namespace_member (namespace, user_id, role, created_at)
                values ((select name from namespace where lower(name) = lower(?1)), ?2, ?3, ?4)
                on conflict (namespace, user_id) do update set role = excluded.role""")
                .setParameter(1, namespace).setParameter(2, user).setParameter(3, role).setParameter(4, since).executeUpdate();
    }

    /**
     * An identifier minted for something no record restores (a draft, a discarded draft): taken for good, linked to
     * nothing, so it is never minted again. Answers whether it was not restored already (from a record).
     */
    boolean addReservedIdentifier(String pid, String kind, Instant reservedAt) {
        return entityManager.createNativeQuery("insert into identifier (pid, kind, created_at) values (?1, ?2, ?3) on conflict do nothing")
                .setParameter(1, pid).setParameter(2, kind).setParameter(3, reservedAt).executeUpdate() == 1;
    }

    /** Gives a restored identifier the time it was first reserved, as its document says. */
    void reservedAt(String pid, Instant reservedAt) {
        entityManager.createNativeQuery("update identifier set created_at = ?2 where pid = ?1")
                .setParameter(1, pid).setParameter(2, reservedAt).executeUpdate();
    }

    /** Writes the entities persisted so far, so that queries over the whole catalog see them. */
    void flush() {
        entityManager.flush();
    }
}
