package org.stele.archive.reading;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;
import org.stele.domain.FilePath;
import org.stele.domain.catalog.Alias;
import org.stele.domain.catalog.Model;
import org.stele.domain.catalog.ModelVersion;
import org.stele.domain.catalog.VersionFile;
import org.stele.domain.catalog.VersionState;

/** Which version a name means: a label or an alias ({@code latest} included), and the refusals when there is none. */
public final class VersionLookup {
    private VersionLookup() {
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
