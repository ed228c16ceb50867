package org.stele.archive.publishing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stele.archive.access.AuditTrail;
import org.stele.archive.access.Permissions;
import org.stele.archive.discovery.Search;
import org.stele.archive.metrics.ArchiveMetrics;
import org.stele.archive.notification.EventOutbox;
import org.stele.archive.reading.VersionLookup;
import org.stele.archive.reading.VersionRecord;
import org.stele.archive.reading.VersionRecords;
import org.stele.archive.signing.DepositorSignatures;
import org.stele.domain.ArchiveException;
import org.stele.archive.deposit.Models;
import org.stele.domain.Description;
import org.stele.domain.Digest;
import org.stele.domain.License;
import org.stele.domain.ErrorCode;
import org.stele.domain.Manifest;
import org.stele.domain.Timestamps;
import org.stele.domain.catalog.Alias;
import org.stele.domain.catalog.Model;
import org.stele.domain.catalog.ModelVersion;
import org.stele.domain.catalog.Role;
import org.stele.domain.catalog.Scope;
import org.stele.domain.catalog.VersionFile;
import org.stele.domain.catalog.VersionState;

/** The state machine after deposit: publish (freeze), withdraw (tombstone), and aliases. */
@ApplicationScoped
public class Publishing {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(Publishing.class);
    private final Permissions permissions;
    private final VersionRecords records;
    private final ArchiveMetrics metrics;
    private final Search search;
    private final AuditTrail audit;
    private final DepositorSignatures depositorSignatures;
    private final VersionSignatures signatures;
    private final EventOutbox outbox;

    Publishing(VersionRecords records, ArchiveMetrics metrics, Search search, AuditTrail audit, Permissions permissions,
            DepositorSignatures depositorSignatures, VersionSignatures signatures, EventOutbox outbox) {
        this.outbox = outbox;
        this.depositorSignatures = depositorSignatures;
        this.permissions = permissions;
        this.signatures = signatures;
        this.records = records;
        this.metrics = metrics;
        this.search = search;
        this.audit = audit;
    }

    /**
     * Freezes a draft: computes its manifest digest, fixes its descriptive metadata, and writes its archive signature
     * and its record to storage before the catalog commits. Concurrent publishes serialise on the version row: one wins.
     */
    @Transactional
    public VersionRecord publish(String namespace, String name, String label) {
        permissions.requireModel(namespace, name, Role.maintainer, Scope.publish);
        // The model row FOR SHARE before the version row, the order commits (Versions.lockModel) take them in: the
        // search entry's insert reads the model FOR SHARE too (migration V28), and in the other order a commit to this
        // model could deadlock with the publish.
        Model model = Model.getEntityManager().find(Model.class, Model.named(namespace, name).id,
                jakarta.persistence.LockModeType.PESSIMISTIC_READ);
        ModelVersion version = lock(model, label);
        if (version.state == VersionState.published || version.state == VersionState.withdrawn) {
            throw new ArchiveException(ErrorCode.ALREADY_PUBLISHED, "version " + label + " is " + version.state);
        }
        List<VersionFile> files = VersionFile.ofVersion(version.id);
        if (files.isEmpty()) {
            throw new ArchiveException(ErrorCode.EMPTY_VERSION, "add at least one file before publishing");
        }
        // A model.sig must verify against the other files before anything changes; a refusal leaves the draft as it was.
        version.depositorSignature = depositorSignatures.verify(model, files).orElse(null);
        Digest manifest = Manifest.of(files.stream()
                .map(f -> new Manifest.Entry(f.path(), f.size, f.digest, f.mediaType)).toList()).digest();
        version.description = version.effectiveDescription(model);
        version.manifestDigest = manifest.toString();
        signatures.sign(version, files);
        version.publishedAt = Timestamps.now();
        version.state = VersionState.published;
        VersionRecord record = VersionRecords.of(model, version);
        search.index(version.id, record);
        records.store(record);
        metrics.published();
        audit.record("version.published", VersionLookup.target(model, label), Optional.of(model.namespace),
                Map.of("pid", version.pid, "manifestDigest", version.manifestDigest));
        outbox.versionPublished(model, version);
        LOG.infof("published %s/%s %s as %s (%s)", model.namespace, model.name, label, version.pid, version.manifestDigest);
        return record;
    }

    /**
     * Publishes a model's open draft (where Hugging Face commits go) as version {@code label}: the Hub's tag. The draft
     * takes the label, and its metadata the model card's front matter ({@code license}, {@code tags} as keywords) over
     * the model's; then the same publish as every other. A label used before is 409 {@code version_exists}; no license
     * anywhere is 400 {@code invalid_metadata} naming the field.
     */
    @Transactional
    public VersionRecord publishOpenDraft(String namespace, String name, String label) {
        permissions.requireModel(namespace, name, Role.maintainer, Scope.publish);
        ModelVersion.checkLabel(label, "version");
        Model named = Model.named(namespace, name);
        Model model = Model.getEntityManager().find(Model.class, named.id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (ModelVersion.count("modelId = ?1 and label = ?2", model.id, label) > 0) {
            throw new ArchiveException(ErrorCode.VERSION_EXISTS, "Tag " + label + " already exists: labels are never reused in " + model.repoId());
        }
        ModelVersion draft = org.stele.archive.deposit.Versions.openDraft(model).orElseThrow(() -> new ArchiveException(ErrorCode.EMPTY_VERSION,
                "nothing to publish in " + model.repoId() + ": commit files to main first"));
        String before = draft.label;
        Description card = VersionFile.ofVersion(draft.id).stream()
                .filter(f -> f.path().equalsIgnoreCase("README.md") && f.facts != null && f.facts.card() != null)
                .findFirst().map(f -> fromCard(f.facts.card())).orElse(Description.NONE);
        draft.description = card.over(draft.description == null ? Description.NONE : draft.description);
        String license = draft.effectiveDescription(model).license();
        if (license == null || Models.NO_LICENSE.equals(license)) {
            throw Description.invalid("publishing needs a license: add 'license: <SPDX id or other>' to the front matter of README.md");
        }
        draft.label = label;
        audit.record("version.labelled", VersionLookup.target(model, label), Optional.of(model.namespace), Map.of("from", before, "pid", draft.pid));
        ModelVersion.getEntityManager().flush();
        return publish(namespace, name, label);
    }

    /** The descriptive fields a model card's front matter sets; a license that is no SPDX id is 400 {@code invalid_license}. */
    private static Description fromCard(Map<String, Object> card) {
        String license = card.get("license") instanceof String l && !l.isBlank() ? License.check(l) : null;
        List<String> tags = card.get("tags") instanceof List<?> list
                ? list.stream().filter(t -> t instanceof String s && !s.isBlank()).map(String.class::cast).toList() : null;
        return new Description(null, null, null, license, tags == null || tags.isEmpty() ? null : tags).validated();
    }

    /** Withdraws a published version: its bytes stop being served, its identifier resolves to a tombstone. */
    @Transactional
    public VersionRecord withdraw(String namespace, String name, String label, String reason) {
        permissions.requireAdmin();
        checkReason(reason);
        Model model = Model.named(namespace, name);
        ModelVersion version = lock(model, label);
        if (version.state == VersionState.withdrawn) {
            throw new ArchiveException(ErrorCode.ALREADY_WITHDRAWN, "version " + label + " was withdrawn before");
        }
        if (version.state != VersionState.published) {
            throw new ArchiveException(ErrorCode.NOT_PUBLISHED, "only published versions can be withdrawn");
        }
        version.state = VersionState.withdrawn;
        version.withdrawnAt = Timestamps.now();
        version.withdrawalReason = reason.trim();
        VersionRecord record = VersionRecords.of(model, version);
        records.store(record);
        search.remove(version.id);
        metrics.withdrawn();
        audit.record("version.withdrawn", VersionLookup.target(model, label), Optional.of(model.namespace),
                Map.of("pid", version.pid, "reason", version.withdrawalReason));
        outbox.versionWithdrawn(model, version);
        LOG.infof("withdrew %s/%s %s (%s)", model.namespace, model.name, label, version.pid);
        return record;
    }

    /** An owner asks the admins to withdraw a published version: recorded in the audit trail for them to act on. */
    @Transactional
    public void requestWithdrawal(String namespace, String name, String label, String reason) {
        permissions.requireModel(namespace, name, Role.owner, Scope.publish);
        checkReason(reason);
        Model model = Model.named(namespace, name);
        ModelVersion version = lock(model, label);
        if (version.state != VersionState.published) {
            throw new ArchiveException(ErrorCode.NOT_PUBLISHED, "only published versions can be withdrawn");
        }
        audit.record("withdrawal.requested", VersionLookup.target(model, label), Optional.of(model.namespace),
                Map.of("pid", version.pid, "reason", reason.trim()));
    }

    private static void checkReason(String reason) {
        if (reason == null || reason.isBlank() || reason.length() > 2000) {
            throw new ArchiveException(ErrorCode.INVALID_REASON, "withdrawing needs a reason of 1 to 2000 characters");
        }
    }

    /** Points an alias at a published version. */
    @Transactional
    public VersionRecord.VersionRef setAlias(String namespace, String name, String alias, String label) {
        permissions.requireModel(namespace, name, Role.owner, Scope.publish);
        ModelVersion.checkLabel(alias, "alias");
        Model model = Model.named(namespace, name);
        if (label == null) {
            throw new ArchiveException(ErrorCode.INVALID_REQUEST, "an alias needs {\"version\": <label>}");
        }
        ModelVersion version = ModelVersion.byLabel(model.id, label, false)
                .filter(v -> v.state != VersionState.discarded)
                .orElseThrow(() -> VersionLookup.versionNotFound(label));
        if (version.state != VersionState.published) {
            throw new ArchiveException(ErrorCode.VERSION_NOT_PUBLISHED, "an alias can only point at a published version; " + label + " is " + version.state);
        }
        Optional<String> previous = Alias.<Alias>findByIdOptional(new Alias.Key(model.id, alias))
                .map(a -> ModelVersion.<ModelVersion>findById(a.versionId).label);
        Alias.point(model.id, alias, version.id, Timestamps.now());
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("alias", alias);
        details.put("version", label);
        details.put("previous", previous.orElse(null));
        audit.record("alias.moved", model.repoId() + ":" + alias, Optional.of(model.namespace), details);
        records.store(model);
        return VersionRecords.ref(version);
    }

    private static ModelVersion lock(Model model, String label) {
        return ModelVersion.byLabel(model.id, label, true)
                .filter(v -> v.state != VersionState.discarded)
                .orElseThrow(() -> VersionLookup.versionNotFound(label));
    }
}
