package org.stele.archive.custody;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
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
     * @param recordVerifiedAt the end of the latest fixity pass that proved the stored record against the catalog (each
     *                         pass proves every record when it finishes); null before the first one after publication
     * @param copies           stores holding a good copy of every file and the record: the primary unless a file is known
     *                         damaged there, and the replica, when one is configured, once every file landed and verified
     *                         there and the record was copied
     */
    public record Preservation(Instant bytesVerifiedAt, long damagedFiles, Instant recordVerifiedAt, int copies) {
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
        Instant recordVerifiedAt = null;
        boolean recordReplicated = false;
        if (publishedAt != null) {
            recordVerifiedAt = Timestamps.instant(entityManager.createNativeQuery(
                    "select max(finished_at) from fixity_pass where state = 'finished' and finished_at > ?1")
                    .setParameter(1, publishedAt.atOffset(java.time.ZoneOffset.UTC)).getSingleResult());
            recordReplicated = n(entityManager.createNativeQuery("select count(*) from replication_task where key = ?1")
                    .setParameter(1, StorageLayout.record(pid)).getSingleResult()) == 0;
        }
        int copies = (damaged == 0 ? 1 : 0) + (replication.configured() && replicated == files && recordReplicated ? 1 : 0);
        return new Preservation(bytesVerifiedAt, damaged, recordVerifiedAt, copies);
    }

    private static long n(Object o) {
        return ((Number) o).longValue();
    }
}
