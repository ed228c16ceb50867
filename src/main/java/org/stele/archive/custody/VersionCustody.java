package org.stele.archive.custody;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.stele.domain.Timestamps;
import org.stele.store.StorageLayout;

/**
 * What a reader may know of how one version is kept: when its bytes and its record were last proven, and how many
 * stores hold a good copy. Read from the fixity results and the replication queue at the time of asking; it is never
 * written into the version's record, whose bytes must not change. Runs in the caller's transaction.
 */
@ApplicationScoped
public class VersionCustody {
    private final EntityManager entityManager;
    private final Replication replication;

    VersionCustody(EntityManager entityManager, Replication replication) {
        this.entityManager = entityManager;
        this.replication = replication;
    }

    /**
     * @param bytesVerifiedAt  every file's bytes were re-read from storage and matched their SHA-256 at or after this
     *                         instant (a fixity pass, or the copy to the replica); null until each was, or while one is
     *                         known damaged
     * @param damagedFiles     distinct contents of the version whose primary copy is known missing or corrupt (not
     *                         served until repaired)
     * @param recordVerifiedAt when a fixity pass last found every stored copy of the record byte for byte as written;
     *                         null until one has (and again after the record is rewritten, until the next pass)
     * @param copies           stores holding a good copy of every file and the record: the primary unless a file is known
     *                         damaged there, and the replica, when one is configured, once every file landed and verified
     *                         there and the record was copied
     * @param signatures       the signatures over the version's files: the archive's own, and the depositor's when a
     *                         {@code model.sig} was verified at publish
     */
    public record Preservation(Instant bytesVerifiedAt, long damagedFiles, Instant recordVerifiedAt, int copies,
            List<Signature> signatures) {
    }

    /**
     * One signature over the version's files.
     *
     * @param signer     {@code archive} (the archive's key, at {@code /api/v1/signing-keys}) or {@code depositor} (a key
     *                   registered for the namespace)
     * @param keyId      the hex SHA-256 of the signing key's PEM
     * @param verifiedAt for the depositor's, when it was verified against the files at publish; for the archive's,
     *                   when a fixity pass last found every stored copy of the bundle as signed (null until one has)
     */
    public record Signature(String signer, String keyId, Instant verifiedAt) {
    }

    /** The status of a version (its files, and its record once published: {@code pid} with {@code publishedAt}). */
    public Preservation of(long versionId, String pid, Instant publishedAt) {
        Object[] bytes = (Object[]) entityManager.createNativeQuery("""
                select count(*), count(*) filter (where f.outcome = 'ok'), min(f.checked_at) filter (where f.outcome = 'ok'),
                       count(*) filter (where f.outcome <> 'ok'), count(*) filter (where f.replica_outcome = 'ok')
                from (select distinct digest from version_file where version_id = ?1) d
                left join blob_fixity f on f.digest = d.digest""").setParameter(1, versionId).getSingleResult();
        long files = n(bytes[0]);
        long checked = n(bytes[1]);
        long damaged = n(bytes[3]);
        long replicated = n(bytes[4]);
        Instant bytesVerifiedAt = files > 0 && checked == files ? Timestamps.instant(bytes[2]) : null;
        if (publishedAt == null) {
            return new Preservation(bytesVerifiedAt, damaged, null, damaged == 0 ? 1 : 0, List.of());
        }
        // The record and its signatures in one query: the landing page asks this on every view.
        Object[] record = (Object[]) entityManager.createNativeQuery("""
                select (select verified_at from stored_document where key = ?2),
                       (select count(*) from replication_task where key = ?2),
                       v.archive_key_id, (select verified_at from stored_document where key = ?3),
                       v.signer_key_id, v.signature_verified_at
                from model_version v where v.id = ?1""").setParameter(1, versionId).setParameter(2, StorageLayout.record(pid))
                .setParameter(3, StorageLayout.versionSignature(pid)).getSingleResult();
        Instant recordVerifiedAt = Timestamps.instant(record[0]);
        boolean recordReplicated = n(record[1]) == 0;
        int copies = (damaged == 0 ? 1 : 0) + (replication.configured() && replicated == files && recordReplicated ? 1 : 0);
        List<Signature> signatures = new ArrayList<>();
        if (record[2] != null) {
            signatures.add(new Signature("archive", (String) record[2], Timestamps.instant(record[3])));
        }
        if (record[4] != null) {
            signatures.add(new Signature("depositor", (String) record[4], Timestamps.instant(record[5])));
        }
        return new Preservation(bytesVerifiedAt, damaged, recordVerifiedAt, copies, signatures);
    }

    private static long n(Object o) {
        return ((Number) o).longValue();
    }
}
