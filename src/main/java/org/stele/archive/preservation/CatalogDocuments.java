package org.stele.archive.preservation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;

/**
 * What the catalog says that the stored documents must say too, as {@link RecordAudit} proves them: models, released
 * versions and what a takedown removed, and the row locks taken before a document is written. Runs in the caller's
 * transaction.
 */
@ApplicationScoped
class CatalogDocuments {
    private static final String RELEASED = "id, pid, state, manifest_digest, purged_at is not null";

    private final EntityManager entityManager;

    CatalogDocuments(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** A model, by its concept identifier. */
    record Concept(long id, String pid) {
    }

    /** What the catalog says of a released version, as its documents must say it too. */
    record Released(long id, String pid, String state, String manifestDigest, boolean purged) {
        private static Released of(Object[] r) {
            return new Released(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3], (Boolean) r[4]);
        }
    }

    List<Concept> models() {
        List<?> rows = entityManager.createNativeQuery("select id, concept_pid from model order by id").getResultList();
        return rows.stream().map(Object[].class::cast).map(r -> new Concept(((Number) r[0]).longValue(), (String) r[1])).toList();
    }

    /** Every published or withdrawn version. */
    List<Released> released() {
        List<?> rows = entityManager.createNativeQuery(
                "select " + RELEASED + " from model_version where state in ('published', 'withdrawn') order by id").getResultList();
        return rows.stream().map(Object[].class::cast).map(Released::of).toList();
    }

    /** The identifiers of versions the catalog holds as drafts: no committed write made a record of any of them. */
    List<String> draftPids() {
        List<?> rows = entityManager.createNativeQuery(
                "select pid from model_version where state = 'draft' and pid is not null").getResultList();
        return rows.stream().map(String.class::cast).toList();
    }

    Released released(long id) {
        return Released.of((Object[]) entityManager.createNativeQuery("select " + RELEASED + " from model_version where id = ?1")
                .setParameter(1, id).getSingleResult());
    }

    /** Takes the row lock that model changes take before they write the model's document. */
    void lockModel(long id) {
        entityManager.createNativeQuery("select id from model where id = ?1 for update").setParameter(1, id).getResultList();
    }

    /** Takes the row lock that publishing, withdrawal and embargo changes take before they write a version's record. */
    void lockVersion(long id) {
        entityManager.createNativeQuery("select id from model_version where id = ?1 for update").setParameter(1, id).getResultList();
    }

    /** The digests of a version's files whose bytes a takedown removed. */
    List<String> purgedDigests(long version) {
        List<?> rows = entityManager.createNativeQuery("""
                select distinct f.digest from version_file f join blob b on b.digest = f.digest
                where f.version_id = ?1 and b.purged_at is not null order by 1""").setParameter(1, version).getResultList();
        return rows.stream().map(String.class::cast).toList();
    }
}
