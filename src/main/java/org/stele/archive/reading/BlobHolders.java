package org.stele.archive.reading;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stele.archive.access.Permissions;
import org.stele.domain.ArchiveException;
import org.stele.domain.Digest;
import org.stele.domain.ErrorCode;
import org.stele.domain.Page;
import org.stele.domain.catalog.Blob;
import org.stele.domain.catalog.Model;
import org.stele.domain.catalog.ModelVersion;
import org.stele.domain.catalog.VersionFile;
import org.stele.domain.catalog.VersionState;

/**
 * From content back to citations: the published versions that hold a SHA-256, as far as this caller may have their
 * files. Who may is decided where every other surface decides it ({@link Permissions#canSee}, {@link Servability}),
 * so the list never names a version whose bytes the same caller would be refused.
 */
@ApplicationScoped
public class BlobHolders {
    public static final int MAX_PAGE = 100;

    private final Permissions permissions;

    BlobHolders(Permissions permissions) {
        this.permissions = permissions;
    }

    /**
     * A published version holding the content, with the paths it holds it under.
     *
     * @param version the version's label
     */
    public record Holder(String pid, String namespace, String name, String version, String manifestDigest, List<String> paths,
            Instant publishedAt) {
    }

    /**
     * One page of the holders, oldest version first; empty when the digest was never stored, its bytes were taken down
     * or no version this caller may read holds it (the same answer in each case, so the list reveals nothing hidden).
     *
     * @throws ArchiveException 400 {@code invalid_limit} or {@code invalid_cursor}
     */
    @Transactional
    public Page<Holder> page(Digest digest, int limit, Optional<String> cursor) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new ArchiveException(ErrorCode.INVALID_LIMIT, "limit must be 1 to " + MAX_PAGE);
        }
        long after = cursor.map(c -> Page.idFromCursor('h', c)).orElse(0L);
        Blob blob = Blob.findById(digest.toString());
        if (blob == null || blob.purgedAt != null) {
            return new Page<>(List.of(), null);
        }
        Map<ModelVersion, Model> page = new LinkedHashMap<>();
        // Versions the caller may not read are skipped; batches keep a page full whatever they skip.
        while (page.size() <= limit) {
            List<ModelVersion> batch = ModelVersion.<ModelVersion>find("""
                    id > ?1 and state = ?2 and purgedAt is null
                    and id in (select f.key.versionId from VersionFile f where f.digest = ?3) order by id""",
                    after, VersionState.published, digest.toString()).page(0, limit + 1).list();
            for (ModelVersion version : batch) {
                readable(version).ifPresent(model -> page.put(version, model));
            }
            if (batch.size() <= limit) {
                break;
            }
            after = batch.get(batch.size() - 1).id;
        }
        List<Map.Entry<ModelVersion, Model>> items = new ArrayList<>(page.entrySet());
        boolean more = items.size() > limit;
        if (more) {
            items = items.subList(0, limit);
        }
        String next = more ? Page.idCursor('h', items.get(items.size() - 1).getKey().id) : null;
        return new Page<>(items.stream().map(e -> holder(e.getValue(), e.getKey(), digest)).toList(), next);
    }

    /** The version's model when this caller may have the version's files now. */
    private Optional<Model> readable(ModelVersion version) {
        Model model = Model.findById(version.modelId);
        if (!permissions.canSee(model)) {
            return Optional.empty();
        }
        Servability.Version rule = new Servability.Version(version.label, version.pid, false, null, version.embargoUntil);
        return Servability.servesFiles(rule, permissions.canRead(model.namespace)) ? Optional.of(model) : Optional.empty();
    }

    private static Holder holder(Model model, ModelVersion version, Digest digest) {
        List<String> paths = VersionFile.<VersionFile>list("key.versionId = ?1 and digest = ?2 order by key.path", version.id,
                digest.toString()).stream().map(VersionFile::path).toList();
        return new Holder(version.pid, model.namespace, model.name, version.label, version.manifestDigest, paths,
                version.publishedAt);
    }
}
