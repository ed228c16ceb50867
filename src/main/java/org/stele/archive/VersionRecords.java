package org.stele.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.stele.domain.Description;
import org.stele.domain.Identifier;
import org.stele.domain.Model;
import org.stele.domain.ModelVersion;
import org.stele.domain.VersionFile;
import org.stele.domain.VersionState;
import org.stele.store.BlobStore;

/** Builds the records of versions and concepts from the catalog, and writes version records to storage. */
@ApplicationScoped
public class VersionRecords {
    private final BlobStore store;
    private final ObjectMapper json;

    VersionRecords(BlobStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    /** The full record of a version; descriptive fields of a draft fall back to the model's. Call inside a transaction. */
    public static VersionRecord of(Model model, ModelVersion version) {
        Description fields = version.effectiveDescription(model);
        List<VersionRecord.FileEntry> files = VersionFile.ofVersion(version.id).stream()
                .map(f -> new VersionRecord.FileEntry(f.path(), f.size, f.digest, f.mediaType, f.kind))
                .toList();
        VersionRecord.VersionRef previous = null;
        VersionRecord.VersionRef next = null;
        List<ModelVersion> released = ModelVersion.released(model.id);
        for (int i = 0; i < released.size(); i++) {
            if (released.get(i).id.equals(version.id)) {
                previous = i > 0 ? ref(released.get(i - 1)) : null;
                next = i + 1 < released.size() ? ref(released.get(i + 1)) : null;
            }
        }
        return new VersionRecord("version", version.pid, model.conceptPid, model.namespace, model.name, version.label,
                version.state.name(), fields.title(), fields.description(), fields.authors(), fields.license(), fields.keywords(),
                version.manifestDigest, files, version.createdAt, version.publishedAt, version.withdrawnAt,
                version.withdrawalReason, previous, next);
    }

    public static VersionRecord.Concept concept(Model model) {
        List<VersionRecord.VersionRef> versions = ModelVersion.released(model.id).stream().map(VersionRecords::ref).toList();
        VersionRecord latest = Versions.latest(model.id).map(v -> of(model, v)).orElse(null);
        Description d = model.description;
        return new VersionRecord.Concept("concept", model.conceptPid, model.namespace, model.name, d.title(),
                d.description(), d.authors(), d.license(), d.keywords(), latest, versions);
    }

    public static VersionRecord.Tombstone tombstone(Model model, ModelVersion version) {
        String title = version.effectiveDescription(model).title();
        return new VersionRecord.Tombstone("version", version.pid, model.conceptPid, model.namespace, model.name,
                version.label, version.state.name(), title, version.withdrawalReason, version.withdrawnAt, version.manifestDigest);
    }

    static VersionRecord.VersionRef ref(ModelVersion version) {
        return new VersionRecord.VersionRef(version.label, version.pid, version.state.name(), version.publishedAt);
    }

    /**
     * Writes the record of a released version to {@code records/{prefix}/{suffix}.json}. Called before the
     * catalog transaction commits, so the catalog never points at a missing record.
     */
    public void store(VersionRecord record) {
        if (VersionState.valueOf(record.state()) == VersionState.draft) {
            throw new IllegalStateException("drafts have no stored record");
        }
        try {
            store.put(key(record.pid()), new ByteArrayInputStream(json.writeValueAsBytes(record)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the record of " + record.pid(), e);
        }
    }

    /** Storage key of a record: {@code records/{prefix}/{suffix}.json}. */
    public static String key(String pid) {
        int slash = pid.indexOf('/');
        Identifier id = Identifier.parse(pid.substring(0, slash), pid.substring(slash + 1));
        return "records/" + id.prefix() + "/" + id.suffix() + ".json";
    }
}
