package org.stele.domain.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.stele.domain.files.FileFacts;

/** A path inside a version, pointing at stored bytes. */
@Entity
@Table(name = "version_file")
public class VersionFile extends PanacheEntityBase {
    @EmbeddedId
    public Key key;

    public String digest;
    public long size;

    @Column(name = "media_type")
    public String mediaType;

    public String kind;

    @Column(name = "added_at")
    public Instant addedAt;

    /** What was read from the file's bytes when it was added; null for kinds that have none. */
    @JdbcTypeCode(SqlTypes.JSON)
    public FileFacts facts;

    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "version_id")
        public Long versionId;

        public String path;

        public Key() {
        }

        public Key(Long versionId, String path) {
            this.versionId = versionId;
            this.path = path;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(k.versionId, versionId) && Objects.equals(k.path, path);
        }

        @Override
        public int hashCode() {
            return Objects.hash(versionId, path);
        }
    }

    public String path() {
        return key.path;
    }

    public static List<VersionFile> ofVersion(long versionId) {
        return list("key.versionId = ?1 order by key.path", versionId);
    }

    /** Whether a version other than {@code versionId}, and not purged itself, has a file with these bytes. */
    public static boolean heldElsewhere(String digest, long versionId) {
        Number count = (Number) getEntityManager().createNativeQuery("""
                select count(*) from version_file f join model_version v on v.id = f.version_id
                where f.digest = ?1 and v.id <> ?2 and v.purged_at is null""")
                .setParameter(1, digest).setParameter(2, versionId).getSingleResult();
        return count.longValue() > 0;
    }
}
