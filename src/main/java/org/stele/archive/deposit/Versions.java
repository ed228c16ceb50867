package org.stele.archive.deposit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.stele.archive.access.AuditTrail;
import org.stele.archive.access.Permissions;
import org.stele.archive.notification.EventOutbox;
import org.stele.archive.reading.BlobReads;
import org.stele.archive.reading.HubRevisions;
import org.stele.archive.reading.VersionLookup;
import org.stele.archive.reading.VersionRecord;
import org.stele.archive.reading.VersionRecords;
import org.stele.domain.ArchiveException;
import org.stele.domain.Description;
import org.stele.domain.Digest;
import org.stele.domain.ErrorCode;
import org.stele.domain.FilePath;
import org.stele.domain.Timestamps;
import org.stele.domain.catalog.Blob;
import org.stele.domain.catalog.Model;
import org.stele.domain.catalog.ModelVersion;
import org.stele.domain.catalog.PersistentIdentifier;
import org.stele.domain.catalog.Role;
import org.stele.domain.catalog.Scope;
import org.stele.domain.catalog.VersionFile;
import org.stele.domain.catalog.VersionState;
import org.stele.domain.files.FileFacts;
import org.stele.domain.files.FileKind;

/** Deposit: drafts with reserved identifiers, their files, and finding versions by label or alias. */
@ApplicationScoped
public class Versions {

    private final IdentifierMinter minter;
    private final BlobIngest ingest;
    private final BlobReads reads;
    private final FileInspector inspector;
    private final AuditTrail audit;
    private final Permissions permissions;
    private final VersionRecords records;
    private final EventOutbox outbox;

    Versions(IdentifierMinter minter, BlobIngest ingest, BlobReads reads, FileInspector inspector, AuditTrail audit,
            Permissions permissions, VersionRecords records, EventOutbox outbox) {
        this.outbox = outbox;
        this.minter = minter;
        this.ingest = ingest;
        this.reads = reads;
        this.inspector = inspector;
        this.audit = audit;
        this.permissions = permissions;
        this.records = records;
    }

    /** A file as added to a draft, and whether the path is new in it. */
    public record AddedFile(VersionRecord.FileEntry file, boolean created) {
        /** What the depositor should know about the file (the record of the version never carries these). */
        public List<String> warnings() {
            List<String> read = file.facts() == null ? List.of() : file.facts().warnings();
            return Stream.concat(HubRevisions.downloadWarnings(file.size()).stream(), read.stream()).toList();
        }
    }

    @Transactional
    public VersionRecord create(String namespace, String name, String label, Description overrides, Instant embargoUntil) {
        permissions.requireModel(namespace, name, Role.maintainer, Scope.write);
        Model model = Model.named(namespace, name);
        ModelVersion.checkLabel(label, "version");
        checkEmbargo(embargoUntil);
        Description checked = overrides.validated();
        if (ModelVersion.count("modelId = ?1 and label = ?2", model.id, label) > 0) {
            throw new ArchiveException(ErrorCode.VERSION_EXISTS, "the label " + label + " was used before in " + namespace + "/" + name + "; labels are never reused");
        }
        ModelVersion version = new ModelVersion();
        version.modelId = model.id;
        version.label = label;
        version.state = VersionState.draft;
        version.description = checked;
        version.createdAt = Timestamps.now();
        version.pid = minter.mint(PersistentIdentifier.VERSION);
        version.embargoUntil = embargoUntil;
        version.persist();
        minter.link(version.pid, model.id, version.id);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("pid", version.pid);
        if (embargoUntil != null) {
            details.put("embargoUntil", embargoUntil.toString());
        }
        audit.record("version.created", VersionLookup.target(model, label), Optional.of(model.namespace), details);
        return VersionRecords.of(model, version);
    }

    /** Streams a file into a draft; the same path again replaces it. */
    public AddedFile put(String namespace, String name, String label, String rawPath, String kind, String digest,
            IncomingBytes bytes) throws IOException {
        permissions.requireModel(namespace, name, Role.maintainer, Scope.write);
        String path = FilePath.normalize(rawPath);
        FileKind fileKind = kind == null ? FileKind.infer(path) : FileKind.parse(kind);
        Optional<Digest> expected = Optional.ofNullable(digest).map(Digest::parse);
        QuarkusTransaction.requiringNew().run(() -> lockDraft(namespace, name, label, false));
        BlobIngest.Stored stored;
        try (InputStream body = bytes.open()) {
            stored = ingest.ingest(body, expected);
        }
        FileFacts facts = inspector.inspect(path, fileKind, stored.digest(), stored.size());
        return QuarkusTransaction.requiringNew().call(() -> record(namespace, name, label, path, fileKind, stored.digest(), stored.size(), facts));
    }

    /** Adds content already in the archive to a draft without sending the bytes again. */
    @Transactional
    public AddedFile attach(String namespace, String name, String label, String rawPath, String digest, String kind) {
        permissions.requireModel(namespace, name, Role.maintainer, Scope.write);
        if (rawPath == null || digest == null) {
            throw new ArchiveException(ErrorCode.INVALID_REQUEST, "attaching a file needs path and digest");
        }
        String path = FilePath.normalize(rawPath);
        FileKind fileKind = kind == null ? FileKind.infer(path) : FileKind.parse(kind);
        Digest content = Digest.parse(digest);
        lockDraft(namespace, name, label, true);
        Blob blob = referable(content); // locked first, so garbage collection cannot take it meanwhile
        reads.requireAttachable(content); // bytes the caller neither could read nor sent himself: he must send them
        return record(namespace, name, label, path, fileKind, content, blob.size, inspector.inspect(path, fileKind, content, blob.size));
    }

    @Transactional
    public void deleteFile(String namespace, String name, String label, String rawPath) {
        permissions.requireModel(namespace, name, Role.maintainer, Scope.write);
        String path = FilePath.normalize(rawPath);
        ModelVersion draft = lockDraft(namespace, name, label, true);
        VersionFile file = VersionFile.findById(new VersionFile.Key(draft.id, path));
        if (file == null) {
            throw new ArchiveException(ErrorCode.FILE_NOT_FOUND, "no file " + path + " in version " + label);
        }
        file.delete();
        Model model = Model.named(namespace, name);
        audit.record("file.removed", VersionLookup.target(model, label) + "/" + path, Optional.of(model.namespace),
                Map.of("path", path, "digest", file.digest, "size", file.size));
    }

    /** Discards a draft. Its label and identifier stay taken forever. */
    @Transactional
    public void discard(String namespace, String name, String label) {
        permissions.requireModel(namespace, name, Role.maintainer, Scope.write);
        ModelVersion draft = lockDraft(namespace, name, label, true);
        VersionFile.delete("key.versionId", draft.id);
        draft.state = VersionState.discarded;
        Model model = Model.named(namespace, name);
        audit.record("version.discarded", VersionLookup.target(model, label), Optional.of(model.namespace), Map.of("pid", draft.pid));
    }

    /**
     * Sets or lifts ({@code null}) the embargo of a draft or published version: the one change a published version
     * allows besides withdrawal. Changing a published version's embargo needs the owner role and the publish scope;
     * its stored record is rewritten so the bucket stays self-describing.
     */
    @Transactional
    public VersionRecord setEmbargo(String namespace, String name, String label, Instant until) {
        permissions.requireModel(namespace, name, Role.maintainer, Scope.write);
        Model model = Model.named(namespace, name);
        ModelVersion version = ModelVersion.byLabel(model.id, label, true)
                .filter(v -> v.state != VersionState.discarded)
                .orElseThrow(() -> VersionLookup.versionNotFound(label));
        if (version.state == VersionState.withdrawn) {
            throw new ArchiveException(ErrorCode.VERSION_IMMUTABLE, "version " + label + " is withdrawn; its files are not served at all");
        }
        if (version.state == VersionState.published) {
            permissions.requireNamespace(model.namespace, org.stele.domain.catalog.Role.owner, org.stele.domain.catalog.Scope.publish);
        }
        checkEmbargo(until);
        Instant before = version.embargoUntil;
        version.embargoUntil = until;
        VersionRecord record = VersionRecords.of(model, version);
        if (version.state == VersionState.published) {
            records.store(record);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from", before == null ? null : before.toString());
        details.put("to", until == null ? null : until.toString());
        audit.record("embargo.changed", VersionLookup.target(model, label), Optional.of(model.namespace), details);
        if (version.state == VersionState.published && before != null && before.isAfter(Timestamps.now()) && until == null) {
            outbox.embargoLifted(model, version, Timestamps.now()); // lifted early; an embargo that runs out is announced by EmbargoEnds
        }
        return record;
    }

    private static void checkEmbargo(Instant until) {
        if (until != null && !until.isAfter(Timestamps.now())) {
            throw new ArchiveException(ErrorCode.INVALID_EMBARGO, "embargoUntil must be in the future");
        }
    }



    private AddedFile record(String namespace, String name, String label, String path, FileKind kind, Digest digest, long size,
            FileFacts facts) {
        ModelVersion draft = lockDraft(namespace, name, label, true);
        referable(digest);
        VersionFile file = VersionFile.findById(new VersionFile.Key(draft.id, path));
        boolean created = file == null;
        if (created) {
            file = new VersionFile();
            file.key = new VersionFile.Key(draft.id, path);
        }
        file.digest = digest.toString();
        file.size = size;
        file.mediaType = FileKind.mediaType(path);
        file.kind = kind.label();
        file.addedAt = Timestamps.now();
        file.facts = facts;
        file.persist();
        Model model = Model.named(namespace, name);
        audit.record(created ? "file.added" : "file.replaced", VersionLookup.target(model, label) + "/" + path, Optional.of(model.namespace),
                Map.of("path", path, "digest", file.digest, "size", size, "kind", file.kind));
        return new AddedFile(new VersionRecord.FileEntry(path, size, file.digest, file.mediaType, file.kind, facts), created);
    }

    /**
     * The blob a file is about to point at, locked against garbage collection and takedowns until this transaction
     * commits: 404 when there is none (or it was just collected), 410 when a takedown removed its bytes.
     */
    private static Blob referable(Digest digest) {
        Blob blob = Blob.lockForReference(digest).orElseThrow(() -> new ArchiveException(ErrorCode.BLOB_NOT_FOUND, "no blob " + digest + " in this archive; upload the bytes (again)"));
        if (blob.purgedAt != null) {
            throw new ArchiveException(ErrorCode.BLOB_PURGED, "the bytes of " + digest + " were removed by a takedown; upload them again to deposit them");
        }
        return blob;
    }

    /** Finds a draft and locks it against a concurrent publish; anything else is 404 or 409. */
    static ModelVersion lockDraft(String namespace, String name, String label, boolean lock) {
        Model model = Model.named(namespace, name);
        ModelVersion version = ModelVersion.byLabel(model.id, label, lock)
                .filter(v -> v.state != VersionState.discarded)
                .orElseThrow(() -> VersionLookup.versionNotFound(label));
        if (version.state != VersionState.draft) {
            throw new ArchiveException(ErrorCode.VERSION_IMMUTABLE, "version " + label + " is " + version.state + "; its files and metadata never change");
        }
        return version;
    }







}
