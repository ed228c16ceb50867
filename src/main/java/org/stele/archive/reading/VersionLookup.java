package org.stele.archive.reading;

import java.util.Optional;
import java.util.regex.Pattern;
import java.util.Locale;
import java.util.List;
import java.util.function.Predicate;
import org.stele.domain.ArchiveException;
import org.stele.domain.Digest;
import org.stele.domain.ErrorCode;
import org.stele.domain.FilePath;
import org.stele.domain.catalog.Alias;
import org.stele.domain.catalog.Model;
import org.stele.domain.catalog.ModelVersion;
import org.stele.domain.catalog.VersionFile;
import org.stele.domain.catalog.VersionState;

/**
 * Which version a name means, the one place for it. Every name a reader may hold: a label ({@code 1.0.0}), an alias
 * ({@code stable}, {@code latest}), the default branch ({@code main}, {@code HEAD}), a commit id (the first 40 hex
 * digits of a manifest digest), the version's identifier ({@code 10.5072/abcd-efgh}, also as {@code doi:…}) and its
 * manifest digest ({@code sha256:…} or the bare 64 hex digits). The native API names versions by label or alias; the
 * Hugging Face API takes any of them as a revision, so a paper's citation loads as it is.
 */
public final class VersionLookup {
    /** The default branch, always the latest published version. */
    public static final String MAIN = "main";
    /** What the npm client asks model info for by default; the same as {@link #MAIN}. */
    public static final String HEAD = "HEAD";

    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern MANIFEST_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final int COMMIT_START = "sha256:".length();

    private VersionLookup() {
    }

    /**
     * A released version as a name means it.
     *
     * @param pinned true when the name can never point elsewhere (a label, commit id, identifier or manifest digest),
     *               false for branches and aliases
     */
    public record Named(ModelVersion version, boolean pinned) {
    }

    /**
     * The released version (published or withdrawn, oldest first in {@code released}) a name means, if any. A commit id
     * that two versions share (same files) means the newest published of them: the bytes are the same.
     */
    public static Optional<Named> released(Model model, List<ModelVersion> released, String name) {
        if (MAIN.equals(name) || HEAD.equals(name) || Alias.LATEST.equals(name)) {
            return Optional.of(new Named(head(released), false));
        }
        Optional<ModelVersion> byLabel = released.stream().filter(v -> v.label.equals(name)).findFirst();
        if (byLabel.isPresent()) {
            return Optional.of(new Named(byLabel.get(), true));
        }
        Optional<ModelVersion> byAlias = Alias.<Alias>findByIdOptional(new Alias.Key(model.id, name))
                .flatMap(alias -> released.stream().filter(v -> v.id.equals(alias.versionId)).findFirst());
        if (byAlias.isPresent()) {
            return Optional.of(new Named(byAlias.get(), false));
        }
        List<ModelVersion> pinned = released.stream().filter(v -> names(v, name)).toList();
        return pinned.isEmpty() ? Optional.empty() : Optional.of(new Named(head(pinned), true));
    }

    /** Whether {@code name} is the version's commit id, identifier or manifest digest. */
    private static boolean names(ModelVersion version, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        String pid = lower.startsWith("doi:") ? lower.substring("doi:".length()) : lower;
        return COMMIT.matcher(name).matches() && commitOf(version.manifestDigest).equals(name)
                || pid.equals(version.pid.toLowerCase(Locale.ROOT))
                || name.equals(version.manifestDigest)
                || MANIFEST_HEX.matcher(name).matches() && version.manifestDigest.equals("sha256:" + name);
    }

    /**
     * The released version a manifest digest names across the archive, among those of models {@code visible} to the
     * caller: as within one model, versions that share it (same files) mean the newest published of them, else the newest
     * withdrawn one. Call inside a transaction.
     */
    public static Optional<ModelVersion> byManifest(Digest manifest, Predicate<Model> visible) {
        List<ModelVersion> released = ModelVersion.<ModelVersion>list(
                "manifestDigest = ?1 and state in (?2, ?3) order by publishedAt, id", manifest.toString(),
                VersionState.published, VersionState.withdrawn).stream()
                .filter(v -> visible.test(Model.findById(v.modelId))).toList();
        return released.isEmpty() ? Optional.empty() : Optional.of(head(released));
    }

    /** The latest published version; when every one was withdrawn, the newest of them (whose files answer 410). */
    private static ModelVersion head(List<ModelVersion> released) {
        for (int i = released.size() - 1; i >= 0; i--) {
            if (released.get(i).state == VersionState.published) {
                return released.get(i);
            }
        }
        return released.get(released.size() - 1);
    }

    /** The Hugging Face commit id of a released version: the first 40 hex digits of its manifest digest. */
    public static String commitOf(String manifestDigest) {
        return manifestDigest.substring(COMMIT_START, COMMIT_START + 40);
    }

    public static String target(Model model, String label) {
        return model.namespace + "/" + model.name + "@" + label;
    }

    /**
     * The file of a version, refusing withdrawn ones (410) and, for those who are not its namespace's readers,
     * embargoed ones (403). Call inside a transaction.
     */
    public static VersionFile file(Model model, String labelOrAlias, String rawPath, boolean privileged) {
        String path = FilePath.normalize(rawPath);
        ModelVersion version = find(model, labelOrAlias, privileged);
        Servability.requireFiles(new Servability.Version(version.label, version.pid, version.state == VersionState.withdrawn,
                version.withdrawalReason, version.embargoUntil), privileged);
        VersionFile file = VersionFile.findById(new VersionFile.Key(version.id, path));
        if (file == null) {
            throw new ArchiveException(ErrorCode.FILE_NOT_FOUND, "no file " + path + " in version " + version.label);
        }
        return file;
    }

    /** A version by label, else by alias ('latest' included); discarded drafts and, for anonymous readers, drafts are not found. */
    public static ModelVersion find(Model model, String labelOrAlias, boolean privileged) {
        Optional<ModelVersion> byLabel = ModelVersion.byLabel(model.id, labelOrAlias, false);
        Optional<ModelVersion> found = byLabel.isPresent() ? byLabel : byAlias(model, labelOrAlias);
        return found
                .filter(v -> v.state != VersionState.discarded && (privileged || v.state != VersionState.draft))
                .orElseThrow(() -> versionNotFound(labelOrAlias));
    }

    private static Optional<ModelVersion> byAlias(Model model, String alias) {
        if (Alias.LATEST.equals(alias)) {
            return latest(model.id);
        }
        return Alias.<Alias>findByIdOptional(new Alias.Key(model.id, alias)).map(a -> ModelVersion.findById(a.versionId));
    }

    /** The newest published, not withdrawn version. */
    public static Optional<ModelVersion> latest(long modelId) {
        return ModelVersion.find("modelId = ?1 and state = ?2 order by publishedAt desc, id desc", modelId, VersionState.published)
                .firstResultOptional();
    }

    public static ArchiveException versionNotFound(String label) {
        return new ArchiveException(ErrorCode.VERSION_NOT_FOUND, "no version " + label);
    }
}
