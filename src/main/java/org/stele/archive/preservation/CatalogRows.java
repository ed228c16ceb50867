package org.stele.archive.preservation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

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

    /** Writes the entities persisted so far, so that queries over the whole catalog see them. */
    void flush() {
        entityManager.flush();
    }
}
