package org.stele.archive.distribution;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.stele.archive.access.Permissions;
import org.stele.archive.reading.BlobReads;
import org.stele.archive.reading.CatalogCache;
import org.stele.archive.reading.Servability;
import org.stele.domain.ArchiveException;
import org.stele.domain.Digest;
import org.stele.domain.ErrorCode;
import org.stele.domain.catalog.Model;
import org.stele.domain.catalog.ModelVersion;
import org.stele.domain.catalog.VersionFile;
import org.stele.domain.catalog.VersionState;

/**
 * A model as an OCI repository of CNCF ModelPack artifacts, one per released version (see {@link ModelPackManifest}).
 * Who may pull what is the archive's one rule: a model the caller may not see is unknown (and an anonymous caller is
 * asked for credentials, as registries do, whether or not it exists); a withdrawn version answers 410, an embargoed
 * one 403 to outsiders, damaged bytes 500, as on every surface.
 */
@ApplicationScoped
public class ModelPackArtifacts {
    private final Permissions permissions;
    private final CatalogCache cache;
    private final BlobReads reads;

    ModelPackArtifacts(Permissions permissions, CatalogCache cache, BlobReads reads) {
        this.permissions = permissions;
        this.cache = cache;
        this.reads = reads;
    }

    /** What a blob digest names in a repository: the config document, or a file's stored bytes. */
    public sealed interface Blob {
    }

    /** The config of an artifact, derived, served from memory. */
    public record ConfigBlob(ModelPackManifest.Document document) implements Blob {
    }

    /** A layer: a version's file, its bytes found intact in storage. */
    public record LayerBlob(BlobReads.Found bytes) implements Blob {
    }

    /**
     * The manifest a reference names: a tag (a version label, or {@code latest}) or the manifest's own digest.
     *
     * @throws ArchiveException 404 {@code version_not_found} when nothing in the repository has that name; 400
     *                          {@code invalid_digest} / {@code invalid_version} for a reference that is neither
     */
    @Transactional
    public ModelPackManifest.Document manifest(String namespace, String name, String reference) {
        Repository repository = repository(namespace, name);
        ModelVersion version;
        if (reference.contains(":")) {
            Digest digest = Digest.parse(reference);
            version = repository.released().stream().filter(v -> artifact(repository.model(), v).manifest().digest().equals(digest))
                    .reduce((older, newer) -> newer).orElseThrow(() -> unknownManifest(reference));
        } else {
            String tag = OciTags.requireTag(reference);
            Optional<ModelVersion> found = OciTags.LATEST.equals(tag)
                    ? Optional.ofNullable(newestPublished(repository.released()))
                    : repository.released().stream().filter(v -> v.label.equals(tag)).findFirst();
            version = found.orElseThrow(() -> unknownManifest(reference));
        }
        requireFiles(repository.model(), version);
        return artifact(repository.model(), version).manifest();
    }

    /**
     * The blob a digest names in the repository: the config or a layer of one of its released versions, served if some
     * version holding it may be served to the caller; otherwise refused as the newest holding version is.
     */
    @Transactional
    public Blob blob(String namespace, String name, Digest digest) {
        Repository repository = repository(namespace, name);
        List<ModelVersion> holders = new ArrayList<>();
        boolean config = false;
        for (ModelVersion version : repository.released()) {
            ModelPackManifest.Artifact artifact = artifact(repository.model(), version);
            if (artifact.config().digest().equals(digest)) {
                holders.add(version);
                config = true;
            } else if (artifact.layers().stream().anyMatch(l -> l.digest().equals(digest))) {
                holders.add(version);
            }
        }
        if (holders.isEmpty()) {
            throw new ArchiveException(ErrorCode.BLOB_NOT_FOUND, "no blob " + digest + " in " + namespace + "/" + name);
        }
        Collections.reverse(holders);
        boolean reader = permissions.canRead(repository.model().namespace);
        ModelVersion servable = holders.stream().filter(v -> Servability.servesFiles(rule(v), reader)).findFirst()
                .orElseGet(() -> {
                    requireFiles(repository.model(), holders.get(0));
                    return holders.get(0);
                });
        if (config) {
            return new ConfigBlob(artifact(repository.model(), servable).config());
        }
        return new LayerBlob(reads.held(digest));
    }

    /** Every version label that is a valid tag, and {@code latest} once a version is published, sorted. */
    @Transactional
    public List<String> tags(String namespace, String name) {
        Repository repository = repository(namespace, name);
        List<String> tags = new ArrayList<>(repository.released().stream().map(v -> v.label).filter(OciTags::isTag)
                .filter(l -> !OciTags.LATEST.equals(l)).toList());
        if (newestPublished(repository.released()) != null) {
            tags.add(OciTags.LATEST);
        }
        Collections.sort(tags);
        return tags;
    }

    /** A manifest that refers to another through its {@code subject}: its descriptor in a referrers index. */
    public record Referrer(String mediaType, Digest digest, long size, String artifactType) {
    }

    /**
     * The manifests in the repository whose subject is {@code subject}: none, for archived versions have no subject and
     * nothing else is stored here; the answer is still an index, never a 404, as clients without the tag fallback need.
     * The repository must be one the caller may see.
     */
    @Transactional
    public List<Referrer> referrers(String namespace, String name, Digest subject) {
        repository(namespace, name);
        return List.of();
    }

    private record Repository(Model model, List<ModelVersion> released) {
    }

    /** A model with at least one released version that the caller may see; the name is matched without regard to case. */
    private Repository repository(String namespace, String name) {
        Optional<Model> model = Model.byName(namespace, name).filter(permissions::canSee);
        List<ModelVersion> released = model.map(m -> ModelVersion.released(m.id)).orElse(List.of());
        if (released.isEmpty()) {
            if (permissions.accountId().isEmpty() && !permissions.isAdmin()) {
                throw new ArchiveException(ErrorCode.UNAUTHENTICATED, "pulling " + namespace + "/" + name
                        + " needs credentials (user name and an archive token as password), if it exists");
            }
            throw Model.notFound(namespace, name);
        }
        return new Repository(model.get(), released);
    }

    private void requireFiles(Model model, ModelVersion version) {
        if (version.purgedAt != null) {
            throw new ArchiveException(ErrorCode.BLOB_PURGED, "the files of version " + version.label + " (" + version.pid
                    + ") were removed by a takedown");
        }
        Servability.requireFiles(rule(version), permissions.canRead(model.namespace));
    }

    private static Servability.Version rule(ModelVersion version) {
        return new Servability.Version(version.label, version.pid, version.state == VersionState.withdrawn,
                version.withdrawalReason, version.purgedAt != null ? null : version.embargoUntil);
    }

    private static ModelVersion newestPublished(List<ModelVersion> released) {
        ModelVersion newest = null;
        for (ModelVersion v : released) {
            if (v.state == VersionState.published) {
                newest = v;
            }
        }
        return newest;
    }

    private record ArtifactKey(String pid, String manifestDigest) {
    }

    /** The artifact of a released version, derived from frozen facts only, so it can be kept until the catalog changes. */
    private ModelPackManifest.Artifact artifact(Model model, ModelVersion version) {
        return cache.get(new ArtifactKey(version.pid, version.manifestDigest), () -> {
            ModelPackManifest.Artifact artifact = ModelPackManifest.of(frozen(model, version));
            return CatalogCache.Computed.shared(artifact, artifact.manifest().bytes().length + artifact.config().bytes().length);
        });
    }

    /** What the artifact is derived from, read from the catalog; rebuilt from stored records, it reads the same. */
    public static ModelPackManifest.Frozen frozen(Model model, ModelVersion version) {
        List<ModelPackManifest.File> files = VersionFile.ofVersion(version.id).stream()
                .map(f -> new ModelPackManifest.File(f.path(), f.size, Digest.parse(f.digest), f.kind, f.facts)).toList();
        return new ModelPackManifest.Frozen(model.namespace, model.name, version.label, version.pid, version.manifestDigest,
                version.publishedAt, version.description, files);
    }

    private static ArchiveException unknownManifest(String reference) {
        return new ArchiveException(ErrorCode.VERSION_NOT_FOUND, "no manifest " + reference + " in this repository");
    }
}
