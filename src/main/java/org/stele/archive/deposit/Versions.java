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
import org.stele.domain.Manifest;
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

    /** Labels of drafts opened by a Hugging Face commit start with this; a tag gives the version its real label. */
    public static final String HUB_DRAFT_PREFIX = "hf-draft-";

    /** One change of a Hugging Face commit: a file whose bytes the archive holds, or a path (or folder) removed. */
    public sealed interface Change {
        String path();
    }

    /**
     * A file added or replaced; its bytes were stored before (inline in the commit, or uploaded through LFS).
     *
     * @param size the size the client declared, -1 when it declared none
     */
    public record Add(String path, Digest digest, long size) implements Change {
    }

    /** A file removed, or with {@code folder} every file under the path. */
    public record Delete(String path, boolean folder) implements Change {
    }

    /** The draft after a commit, and its commit id (from its manifest, as a published version's). */
    public record Committed(String label, String pid, String commit) {
    }

    /** Checks the caller may write to the model before any byte of a commit is stored. */
    public void requireWritable(String namespace, String name) {
        permissions.requireModel(namespace, name, Role.maintainer, Scope.write);
    }

    /** Stores bytes sent inline in a commit, on the one ingest path, for a caller who may write to the model. */
    public BlobIngest.Stored storeInline(String namespace, String name, byte[] content) throws IOException {
        requireWritable(namespace, name);
        return ingest.ingest(new java.io.ByteArrayInputStream(content), Optional.empty());
    }

    /**
     * Applies a commit to the model's open draft, all or nothing: the newest draft, or a new one (with its reserved
     * identifier) holding the files of the latest published version, as a commit builds on {@code main}. With
     * {@code parentCommit}, refused with 412 {@code commit_conflict} unless it is the draft's current commit.
     */
    @Transactional
    public Committed commit(String namespace, String name, Optional<String> parentCommit, List<Change> changes) {
        requireWritable(namespace, name);
        Model model = lockModel(namespace, name);
        Optional<ModelVersion> open = openDraft(model);
        String head = open.map(v -> head(v.id)).orElseGet(() -> VersionLookup.latest(model.id).map(v -> VersionLookup.commitOf(v.manifestDigest)).orElse(null));
        if (parentCommit.isPresent() && !parentCommit.get().equalsIgnoreCase(String.valueOf(head))) {
            throw new ArchiveException(ErrorCode.COMMIT_CONFLICT, "A commit has happened since. Please refresh and try again.");
        }
        ModelVersion draft = open.orElseGet(() -> openDraftFromLatest(model));
        for (Change change : changes) {
            if (change instanceof Add add) {
                String path = FilePath.normalize(add.path());
                Blob blob = referable(add.digest());
                if (add.size() >= 0 && blob.size != add.size()) { // a copy of an LFS file names no size
                    throw LfsTransfers.sizeMismatch(add.digest(), add.size(), blob.size);
                }
                reads.requireAttachable(add.digest()); // the caller sent these bytes, or may read them
                FileKind kind = FileKind.infer(path);
                record(namespace, name, draft.label, path, kind, add.digest(), blob.size, inspector.inspect(path, kind, add.digest(), blob.size));
            } else if (change instanceof Delete delete) {
                remove(model, draft, FilePath.normalize(delete.path().endsWith("/") ? delete.path().substring(0, delete.path().length() - 1) : delete.path()), delete.folder());
            }
        }
        return new Committed(draft.label, draft.pid, head(draft.id));
    }

    /**
     * The SHA-256 of each file where the next commit lands (the open draft, else the latest published version), so a
     * client skips files that did not change.
     */
    @Transactional
    public Map<String, Digest> headFiles(String namespace, String name) {
        requireWritable(namespace, name);
        Model model = Model.named(namespace, name);
        Map<String, Digest> files = new LinkedHashMap<>();
        openDraft(model).or(() -> VersionLookup.latest(model.id)).ifPresent(v -> VersionFile.ofVersion(v.id)
                .forEach(f -> files.put(f.path(), Digest.parse(f.digest))));
        return files;
    }

    /** The commit id the draft's files would have if published now. */
    private static String head(long versionId) {
        return VersionLookup.commitOf(Manifest.of(VersionFile.ofVersion(versionId).stream()
                .map(f -> new Manifest.Entry(f.path(), f.size, f.digest, f.mediaType)).toList()).digest().toString());
    }

    /** The model's newest draft: where Hugging Face commits go, and what a tag publishes. */
    public static Optional<ModelVersion> openDraft(Model model) {
        return ModelVersion.<ModelVersion>find("modelId = ?1 and state = ?2 order by id desc", model.id, VersionState.draft).firstResultOptional();
    }

    /** The model row, locked: commits and tags of one model take turns, so two first commits open one draft. */
    static Model lockModel(String namespace, String name) {
        Model model = Model.named(namespace, name);
        return Model.getEntityManager().find(Model.class, model.id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
    }

    private ModelVersion openDraftFromLatest(Model model) {
        String label = HUB_DRAFT_PREFIX + Long.toString(System.currentTimeMillis(), 36);
        VersionRecord created = create(model.namespace, model.name, label, Description.NONE, null);
        ModelVersion draft = ModelVersion.byLabel(model.id, created.version(), true).orElseThrow();
        VersionLookup.latest(model.id).ifPresent(latest -> {
            for (VersionFile file : VersionFile.ofVersion(latest.id)) {
                VersionFile copy = new VersionFile();
                copy.key = new VersionFile.Key(draft.id, file.path());
                copy.digest = file.digest;
                copy.size = file.size;
                copy.mediaType = file.mediaType;
                copy.kind = file.kind;
                copy.facts = file.facts;
                copy.addedAt = file.addedAt;
                copy.persist();
            }
        });
        return draft;
    }

    private void remove(Model model, ModelVersion draft, String path, boolean folder) {
        List<VersionFile> gone = VersionFile.ofVersion(draft.id).stream()
                .filter(f -> folder ? f.path().startsWith(path + "/") : f.path().equals(path)).toList();
        if (gone.isEmpty()) {
            throw new ArchiveException(ErrorCode.ENTRY_NOT_FOUND, "A file with this name doesn't exist: " + path);
        }
        for (VersionFile file : gone) {
            file.delete();
            audit.record("file.removed", VersionLookup.target(model, draft.label) + "/" + file.path(), Optional.of(model.namespace),
                    Map.of("path", file.path(), "digest", file.digest, "size", file.size));
        }
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
