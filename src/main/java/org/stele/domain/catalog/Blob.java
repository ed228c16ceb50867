package org.stele.domain.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.stele.domain.Digest;

/** Content-addressed bytes known to the catalog; the row exists only once the bytes are stored. */
@Entity
@Table(name = "blob")
public class Blob extends PanacheEntityBase {
    @Id
    public String digest;

    public long size;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    /** When the blob last lost a reference (or was uploaded); null while a version file points at it. */
    @Column(name = "unreferenced_since", insertable = false, updatable = false)
    public Instant unreferencedSince;

    /** When a takedown removed the bytes; null while they are stored. */
    @Column(name = "purged_at")
    public Instant purgedAt;

    public Digest contentDigest() {
        return Digest.parse(digest);
    }

    /**
     * Records bytes being stored and locks the row until the transaction ends, so garbage collection cannot remove
     * the bytes meanwhile (it waits, or has already finished and the row is new). An unreferenced blob uploaded again
     * starts its grace period anew; a purged one is stored again.
     *
     * @return true when this call created the row
     */
    public static boolean record(Digest digest, long size) {
        Object created = getEntityManager().createNativeQuery("""
                insert into blob (digest, size, unreferenced_since) values (?1, ?2, clock_timestamp())
                on conflict (digest) do update set purged_at = null,
                    unreferenced_since = case when blob.unreferenced_since is null then null else clock_timestamp() end
                returning (xmax = 0)""")
                .setParameter(1, digest.toString())
                .setParameter(2, size)
                .getSingleResult();
        return Boolean.TRUE.equals(created);
    }

    /**
     * Records that a user sent these bytes, proving he holds them: his own uploads stay his to read by hash while no
     * version holds them, and to attach by digest. Call in the transaction that recorded the blob.
     */
    public static void recordUpload(Digest digest, java.util.UUID account) {
        getEntityManager().createNativeQuery("""
                insert into blob_upload (digest, account_id) values (?1, ?2) on conflict do nothing""")
                .setParameter(1, digest.toString())
                .setParameter(2, account)
                .executeUpdate();
    }

    /**
     * The blob, locked until the transaction ends so that garbage collection and takedowns wait for a file being
     * added to point at it (and a file added after they finish finds no row). Empty when there is none.
     */
    public static java.util.Optional<Blob> lockForReference(Digest digest) {
        @SuppressWarnings("unchecked")
        java.util.List<String> locked = getEntityManager()
                .createNativeQuery("select digest from blob where digest = ?1 for update")
                .setParameter(1, digest.toString()).getResultList();
        return locked.isEmpty() ? java.util.Optional.empty() : findByIdOptional(digest.toString());
    }
}
