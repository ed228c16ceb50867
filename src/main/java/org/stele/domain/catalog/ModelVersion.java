package org.stele.domain.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import org.stele.domain.ArchiveException;
import org.stele.domain.Description;
import org.stele.domain.ErrorCode;

/** One snapshot of a model; once published, its files and description never change. */
@Entity
@Table(name = "model_version")
public class ModelVersion extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "model_id")
    public Long modelId;

    public String label;

    @Enumerated(EnumType.STRING)
    public VersionState state;

    public String pid;

    /** A draft's overrides of the model's description (null when it has none); frozen in full at publish. */
    @Embedded
    public Description description;

    @Column(name = "manifest_digest")
    public String manifestDigest;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "published_at")
    public Instant publishedAt;

    @Column(name = "withdrawn_at")
    public Instant withdrawnAt;

    @Column(name = "withdrawal_reason")
    public String withdrawalReason;

    /** Until this instant the files answer 403 {@code embargoed}; the metadata is public all along. */
    @Column(name = "embargo_until")
    public Instant embargoUntil;

    /** Whether the files are still under embargo at {@code now}. */
    public boolean embargoed(Instant now) {
        return embargoUntil != null && now.isBefore(embargoUntil);
    }

    /** When a takedown removed this (withdrawn) version's bytes, and why; null otherwise. */
    @Column(name = "purged_at")
    public Instant purgedAt;

    @Column(name = "purge_reason")
    public String purgeReason;

    /** Who signed the files ({@code model.sig}), verified at publish; null when the version carries no signature. */
    @Embedded
    public DepositorSignature depositorSignature;

    /** The archive key that signed the published files (the id at {@code /api/v1/signing-keys}); null until signed. */
    @Column(name = "archive_key_id")
    public String archiveKeyId;

    /**
     * The version labelled {@code label} (discarded drafts included). With {@code lock}, the row is read with
     * SELECT … FOR UPDATE, so concurrent state changes of one version serialise and each sees the other's result.
     */
    public static java.util.Optional<ModelVersion> byLabel(long modelId, String label, boolean lock) {
        var query = find("modelId = ?1 and label = ?2", modelId, label);
        if (lock) {
            query = query.withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        }
        return query.firstResultOptional();
    }

    /** The description this version shows: its own fields, falling back to the model's. */
    public Description effectiveDescription(Model model) {
        return description == null ? model.description : description.over(model.description);
    }

    /** Published or withdrawn versions, oldest first: the citable history of a model. */
    public static List<ModelVersion> released(long modelId) {
        return list("modelId = ?1 and state in (?2, ?3) order by publishedAt, id", modelId,
                VersionState.published, VersionState.withdrawn);
    }

    private static final java.util.regex.Pattern LABEL = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");

    /** A version label or an alias name: 400 {@code invalid_version} / {@code invalid_alias} otherwise ({@code what} names which). */
    public static void checkLabel(String label, String what) {
        if (label == null || !LABEL.matcher(label).matches() || Alias.LATEST.equals(label)) {
            throw new ArchiveException("alias".equals(what) ? ErrorCode.INVALID_ALIAS : ErrorCode.INVALID_VERSION,
                    "a " + what + " name is 1 to 128 letters, digits, '.', '_', '+' or '-', starts with a letter or digit, and is not 'latest'");
        }
    }
}
