package org.stele.archive.reading;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stele.archive.access.Permissions;
import org.stele.domain.ArchiveException;
import org.stele.domain.Description;
import org.stele.domain.Digest;
import org.stele.domain.ErrorCode;
import org.stele.domain.FilePath;
import org.stele.domain.catalog.Alias;
import org.stele.domain.catalog.Model;
import org.stele.domain.catalog.ModelVersion;
import org.stele.domain.catalog.VersionFile;
import org.stele.domain.catalog.VersionState;

/**
 * The archive as a Hugging Face repository: a model is a repo, each released version one commit whose id is
 * the first 40 hex digits of its manifest digest, labels are tags, {@code main}/{@code HEAD} and aliases are
 * branches. Drafts are never visible here (they have no manifest); withdrawn versions resolve, flagged.
 */
@ApplicationScoped
public class HubRevisions {
    /** The model card's path, whose front matter is the Hub's {@code cardData}. */
    public static final String MODEL_CARD = "README.md";

    /** huggingface_hub ≥ 0.31 refuses plain-HTTP downloads of files larger than this (50 × 10⁹ bytes). */
    public static final long MAX_PLAIN_HTTP_FILE = 50_000_000_000L;

    /**
     * One released version seen through a revision name.
     *
     * @param pinned true when the name can never point elsewhere (a label or a commit id), false for branches
     */
    public record Revision(String namespace, String name, String label, String commit, String pid, boolean withdrawn,
            boolean pinned, Instant publishedAt, Instant modelCreatedAt, Instant embargoedUntil) {
        /** Whether its files are under embargo for the caller (403 {@code embargoed}); metadata stays visible. */
        public boolean embargoed() {
            return embargoedUntil != null;
        }
    }

    private final Permissions permissions;

    HubRevisions(Permissions permissions) {
        this.permissions = permissions;
    }

    /** A file of a revision; every file is served as LFS content, named by its SHA-256. */
    public record HubFile(String path, long size, Digest digest) {
    }

    /**
     * A revision with its frozen description and all its files, sorted by path.
     *
     * @param card the front matter of its model card ({@code README.md}), empty when it has none
     * @param restricted whether only the namespace's members may see the model (the Hub's {@code private})
     */
    public record Snapshot(Revision revision, Description description, List<HubFile> files, Map<String, Object> card,
            boolean restricted) {
    }

    /** A model as the Hub lists it: its latest released version and that version's card. */
    public record Listed(Snapshot latest, Instant createdAt) {
    }

    /** A revision and, if it has one, the file at the path asked for. */
    public record Located(Revision revision, Optional<HubFile> file) {
    }

    /** A branch or tag name and the commit it names. */
    public record Ref(String name, String commit) {
    }

    public record Refs(List<Ref> branches, List<Ref> tags) {
    }

    @Transactional
    public Revision revision(String namespace, String name, String revision) {
        return resolve(namespace, name, revision).revision();
    }

    @Transactional
    public Snapshot snapshot(String namespace, String name, String revision) {
        Resolved found = resolve(namespace, name, revision);
        return snapshot(found);
    }

    private static Snapshot snapshot(Resolved found) {
        List<VersionFile> stored = VersionFile.ofVersion(found.version().id);
        Map<String, Object> card = stored.stream()
                .filter(f -> f.path().equalsIgnoreCase(MODEL_CARD) && f.facts != null && f.facts.card() != null)
                .findFirst().map(f -> f.facts.card()).orElse(Map.of());
        return new Snapshot(found.revision(), found.version().effectiveDescription(found.model()),
                stored.stream().map(HubRevisions::file).toList(), card, found.model().restricted());
    }

    /**
     * The models the caller may see that have a released version, newest first, optionally by namespace
     * ({@code author}) and a case-insensitive part of the repo id ({@code search}).
     */
    @Transactional
    public List<Listed> models(Optional<String> author, Optional<String> search) {
        String where = "exists (select 1 from ModelVersion v where v.modelId = m.id and v.state in (?1, ?2))"
                + " and (?3 = '' or lower(m.namespace) = lower(?3))"
                + " and (?4 = '' or lower(concat(m.namespace, '/', m.name)) like ?4 escape '\\')";
        String like = search.filter(s -> !s.isBlank())
                .map(s -> "%" + s.toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
                .orElse("");
        List<Listed> listed = new ArrayList<>();
        for (Model model : Model.<Model>list("from Model m where " + where + " order by m.id desc", VersionState.published,
                VersionState.withdrawn, author.orElse(""), like)) {
            if (permissions.canSee(model)) {
                List<ModelVersion> released = ModelVersion.released(model.id);
                ModelVersion latest = VersionLookup.released(model, released, VersionLookup.MAIN).orElseThrow().version();
                Revision revision = revision(model, latest, false, !permissions.canRead(model.namespace));
                listed.add(new Listed(snapshot(new Resolved(model, released, latest, revision)), model.createdAt));
            }
        }
        return listed;
    }

    /** The revision and the file at {@code rawPath}; a path no file could have is 400 {@code invalid_path}. */
    @Transactional
    public Located locate(String namespace, String name, String revision, String rawPath) {
        Resolved found = resolve(namespace, name, revision);
        String path = FilePath.normalize(rawPath);
        VersionFile file = VersionFile.findById(new VersionFile.Key(found.version().id, path));
        return new Located(found.revision(), Optional.ofNullable(file).map(HubRevisions::file));
    }

    /** Branches: {@code main}, {@code latest} and the aliases; tags: every released label. */
    @Transactional
    public Refs refs(String namespace, String name) {
        Resolved head = resolve(namespace, name, VersionLookup.MAIN);
        List<Ref> branches = new ArrayList<>();
        branches.add(new Ref(VersionLookup.MAIN, head.revision().commit()));
        branches.add(new Ref(Alias.LATEST, head.revision().commit()));
        for (Alias alias : Alias.<Alias>list("key.modelId = ?1 order by key.name", head.model().id)) {
            if (!VersionLookup.MAIN.equals(alias.key.name) && !VersionLookup.HEAD.equals(alias.key.name)) {
                head.released().stream().filter(v -> v.id.equals(alias.versionId)).findFirst()
                        .ifPresent(v -> branches.add(new Ref(alias.key.name, commit(v))));
            }
        }
        List<Ref> tags = head.released().stream().map(v -> new Ref(v.label, commit(v))).toList();
        return new Refs(branches, tags);
    }

    /** The released versions up to and including the revision, newest first: its commit history. */
    @Transactional
    public List<Revision> history(String namespace, String name, String revision) {
        Resolved found = resolve(namespace, name, revision);
        List<Revision> history = new ArrayList<>();
        for (ModelVersion v : found.released()) {
            history.add(revision(found.model(), v, true, false));
            if (v.id.equals(found.version().id)) {
                break;
            }
        }
        Collections.reverse(history);
        return history;
    }

    /** What a depositor is told about a file of {@code size} bytes: empty unless Hugging Face clients cannot fetch it. */
    public static List<String> downloadWarnings(long size) {
        if (size <= MAX_PLAIN_HTTP_FILE) {
            return List.of();
        }
        return List.of("this file is " + size + " bytes; files larger than 50 GB (50000000000 bytes) cannot be downloaded"
                + " by huggingface_hub over plain HTTP; shard it (20 GB or less per file recommended)");
    }

    private record Resolved(Model model, List<ModelVersion> released, ModelVersion version, Revision revision) {
    }

    /** Restricted models are missing repos for those who may not read them, exactly as unknown ones. */
    private Resolved resolve(String namespace, String name, String revision) {
        Model model = Model.byName(namespace, name).filter(permissions::canSee).orElseThrow(() -> repoNotFound(namespace, name));
        List<ModelVersion> released = ModelVersion.released(model.id);
        if (released.isEmpty()) {
            throw repoNotFound(namespace, name); // only drafts: nothing a Hugging Face client may see yet
        }
        VersionLookup.Named named = VersionLookup.released(model, released, revision)
                .orElseThrow(() -> new ArchiveException(ErrorCode.REVISION_NOT_FOUND, "Invalid rev id: " + revision));
        ModelVersion version = named.version();
        return new Resolved(model, released, version, revision(model, version, named.pinned(), !permissions.canRead(model.namespace)));
    }




    private static Revision revision(Model model, ModelVersion version, boolean pinned, boolean outsider) {
        return new Revision(model.namespace, model.name, version.label, commit(version), version.pid,
                version.state == VersionState.withdrawn, pinned, version.publishedAt, model.createdAt,
                outsider && version.embargoed(org.stele.domain.Timestamps.now()) ? version.embargoUntil : null);
    }

    private static String commit(ModelVersion version) {
        return VersionLookup.commitOf(version.manifestDigest);
    }


    private static HubFile file(VersionFile file) {
        return new HubFile(file.path(), file.size, Digest.parse(file.digest));
    }

    private static ArchiveException repoNotFound(String namespace, String name) {
        return new ArchiveException(ErrorCode.REPO_NOT_FOUND, "no released model " + namespace + "/" + name);
    }
}
