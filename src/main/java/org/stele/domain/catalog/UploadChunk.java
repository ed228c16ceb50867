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

    /** The SHA-256 state after this chunk (the session's bytes up to its end), saved; null when not carried. */
    @Column(name = "hash_state")
    public byte[] hashState;

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

    /** The chunk of the session that ends at {@code offset}, if any. */
    public static java.util.Optional<UploadChunk> endingAt(UUID sessionId, long offset) {
        return find("key.sessionId = ?1 and key.startOffset + size = ?2", sessionId, offset).firstResultOptional();
    }

    public static List<UploadChunk> ofSession(UUID sessionId) {
        return list("key.sessionId = ?1 order by key.startOffset", sessionId);
    }
}
