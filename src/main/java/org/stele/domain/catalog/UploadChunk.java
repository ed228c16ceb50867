package org.stele.domain.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.List;
import java.util.UUID;

/** One received chunk of an upload session, stored as its own object. */
@Entity
@Table(name = "upload_chunk")
public class UploadChunk extends PanacheEntityBase {
    @EmbeddedId
    public Key key;

    public long size;

    @Column(name = "storage_key")
    public String storageKey;

    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "session_id")
        public UUID sessionId;

        @Column(name = "start_offset")
        public long startOffset;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.sessionId.equals(sessionId) && k.startOffset == startOffset;
        }

        @Override
        public int hashCode() {
            return sessionId.hashCode() * 31 + Long.hashCode(startOffset);
        }
    }

    public static UploadChunk of(UUID sessionId, long startOffset, long size, String storageKey) {
        UploadChunk chunk = new UploadChunk();
        chunk.key = new Key();
        chunk.key.sessionId = sessionId;
        chunk.key.startOffset = startOffset;
        chunk.size = size;
        chunk.storageKey = storageKey;
        return chunk;
    }

    public static List<UploadChunk> ofSession(UUID sessionId) {
        return list("key.sessionId = ?1 order by key.startOffset", sessionId);
    }
}
