package org.stele.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Content-addressed bytes known to the catalog; the row exists only once the bytes are stored. */
@Entity
@Table(name = "blob")
public class Blob extends PanacheEntityBase {
    @Id
    public String digest;

    public long size;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    public Digest contentDigest() {
        return Digest.parse(digest);
    }

    /**
     * Records stored bytes, tolerating a concurrent writer of the same content.
     *
     * @return true when this call created the row
     */
    public static boolean record(Digest digest, long size) {
        int inserted = getEntityManager()
                .createNativeQuery("insert into blob (digest, size) values (?1, ?2) on conflict (digest) do nothing")
                .setParameter(1, digest.toString())
                .setParameter(2, size)
                .executeUpdate();
        return inserted == 1;
    }
}
