package org.stele.domain.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A resumable upload: whose it is, how many bytes it holds so far and when it expires. While {@code completing}, the
 * completion's claim is renewed in {@code updatedAt}.
 */
@Entity
@Table(name = "upload_session")
public class UploadSession extends PanacheEntityBase {
    public static final String OPEN = "open";
    public static final String COMPLETING = "completing";

    @Id
    public UUID id;

    public String state;

    @Column(name = "offset_bytes")
    public long offset;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    /** The user who opened the session; null for sessions opened before accounts existed. */
    @Column(name = "owner_id")
    public UUID ownerId;

    /** The completion holding the session while it is {@code completing}; null while it is open. */
    @Column(name = "completion_claim")
    public UUID completionClaim;

    /** The offset before the completion's own final chunk: where a retry taking the completion over puts its own. */
    @Column(name = "completion_offset")
    public Long completionOffset;
}
