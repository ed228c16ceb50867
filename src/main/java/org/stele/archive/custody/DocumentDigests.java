package org.stele.archive.custody;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;
import org.stele.domain.Digest;

/**
 * What the catalog knows of each stored document's bytes ({@code stored_document}): their SHA-256 and size as written,
 * which every copy must match byte for byte. Runs in the caller's transaction.
 */
@ApplicationScoped
public class DocumentDigests {
    private final EntityManager entityManager;

    DocumentDigests(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** A document's expected bytes. */
    public record Expected(String key, Digest digest, long size) {
    }

    /** Records the bytes just written at {@code key}, replacing what was expected there before. */
    public void written(String key, Digest digest, long size) {
        entityManager.createNativeQuery("""
                insert into stored_document (key, digest, size) values (?1, ?2, ?3)
                on conflict (key) do update set digest = excluded.digest, size = excluded.size, written_at = now(), verified_at = null""")
                .setParameter(1, key).setParameter(2, digest.toString()).setParameter(3, size).executeUpdate();
    }

    /**
     * Takes the transaction's lock on writing {@code key}: a writer holds it from before its bytes reach storage until it
     * commits or rolls back, so whoever removes the bytes of a write that never committed cannot remove a newer one.
     */
    public void lock(String key) {
        entityManager.createNativeQuery("select 1 from (select pg_advisory_xact_lock(hashtext(?1))) l").setParameter(1, key)
                .getSingleResult();
    }

    public Optional<Expected> of(String key) {
        List<?> rows = entityManager.createNativeQuery("select key, digest, size from stored_document where key = ?1")
                .setParameter(1, key).getResultList();
        return rows.stream().map(Object[].class::cast).findFirst().map(DocumentDigests::expected);
    }

    /** Every document the catalog expects, by key. */
    public List<Expected> all() {
        List<?> rows = entityManager.createNativeQuery("select key, digest, size from stored_document order by key").getResultList();
        return rows.stream().map(Object[].class::cast).map(DocumentDigests::expected).toList();
    }

    /** Notes that every copy of {@code key} matched, as the last proof readers see. */
    public void verified(String key) {
        entityManager.createNativeQuery("update stored_document set verified_at = now() where key = ?1").setParameter(1, key)
                .executeUpdate();
    }

    private static Expected expected(Object[] r) {
        return new Expected((String) r[0], Digest.parse((String) r[1]), ((Number) r[2]).longValue());
    }
}
