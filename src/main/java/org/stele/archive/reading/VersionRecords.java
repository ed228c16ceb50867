package org.stele.archive.reading;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.stele.archive.custody.StoredDocuments;
import org.stele.domain.Description;
import org.stele.domain.Manifest;
import org.stele.domain.catalog.Alias;
import org.stele.domain.catalog.Model;
import org.stele.domain.catalog.ModelVersion;
import org.stele.domain.catalog.VersionFile;
import org.stele.domain.catalog.VersionState;
import org.stele.domain.files.ModelCard;
import org.stele.store.StorageLayout;

/** Builds the records of versions and concepts from the catalog, and writes version records to storage. */
@ApplicationScoped
public class VersionRecords {
    private static final Pattern GGUF_SHARD = Pattern.compile(".*-\\d{5}-of-\\d{5}\\.gguf", Pattern.CASE_INSENSITIVE);
    private static final Pattern HUB_ID = Pattern.compile("[A-Za-z0-9][\\w.-]*(/[A-Za-z0-9][\\w.-]*)?");

    private final StoredDocuments documents;

    VersionRecords(StoredDocuments documents) {
        this.documents = documents;
    }

    /** The full record of a version; descriptive fields of a draft fall back to the model's. Call inside a transaction. */
    public static VersionRecord of(Model model, ModelVersion version) {
        Description fields = version.effectiveDescription(model);
        List<VersionRecord.FileEntry> files = VersionFile.ofVersion(version.id).stream()
                .map(f -> new VersionRecord.FileEntry(f.path(), f.size, f.digest, f.mediaType, f.kind, f.facts))
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
                version.withdrawalReason, previous, next, facts(model, version, files), version.embargoUntil,
                depositorSignature(model, version));
    }

    private static VersionRecord.DepositorSignature depositorSignature(Model model, ModelVersion version) {
        org.stele.domain.catalog.DepositorSignature s = version.depositorSignature;
        return s == null || s.keyId() == null ? null : new VersionRecord.DepositorSignature(
                org.stele.domain.signing.ModelStatement.SIGNATURE_FILE, s.keyId(), s.keyLabel(), model.namespace, s.rootDigest(),
                s.verifiedAt());
    }


    /**
     * The model-level facts of a version's files. The card is README.md's (else the first model card by path).
     * Parameters: the sum over safetensors files (shards of one model); without those, over GGUF shards, or the
     * largest single GGUF file (several GGUF files are usually several quantisations of the same model).
     */
    static VersionRecord.ModelFacts facts(Model model, ModelVersion version, List<VersionRecord.FileEntry> files) {
        Map<String, Object> card = files.stream()
                .filter(f -> f.facts() != null && f.facts().card() != null)
                .min(Comparator.comparing((VersionRecord.FileEntry f) -> !f.path().equals("README.md"))
                        .thenComparing(VersionRecord.FileEntry::path))
                .map(f -> f.facts().card()).orElse(null);
        List<VersionRecord.FileEntry> weights = withFormat(files, "safetensors");
        if (weights.isEmpty()) {
            weights = withFormat(files, "gguf");
            if (weights.size() > 1 && !weights.stream().allMatch(f -> GGUF_SHARD.matcher(f.path()).matches())) {
                weights = weights.stream().max(Comparator.comparingLong((VersionRecord.FileEntry f) -> f.facts().parameterCount()))
                        .stream().toList();
            }
        }
        Long parameters = weights.isEmpty() ? null : weights.stream().mapToLong(f -> f.facts().parameterCount()).sum();
        List<String> dtypes = weights.stream().flatMap(f -> f.facts().dtypes().stream()).distinct().sorted().toList();
        List<VersionRecord.FileWarning> warnings = files.stream().filter(f -> f.facts() != null)
                .flatMap(f -> f.facts().warnings().stream().map(w -> new VersionRecord.FileWarning(f.path(), w)))
                .toList();
        List<VersionRecord.ModelLink> derivatives = version.state == VersionState.draft ? List.of() : Lineage.derivatives(model, version);
        return new VersionRecord.ModelFacts(card, parameters, dtypes, weights.isEmpty() ? null : weights.size(), warnings,
                Lineage.derivedFrom(card), derivatives, datasets(card, files));
    }


    /** Descriptor files first (by path), then the card's {@code datasets} entries. */
    private static List<VersionRecord.DatasetLink> datasets(Map<String, Object> card, List<VersionRecord.FileEntry> files) {
        List<VersionRecord.DatasetLink> out = new ArrayList<>();
        files.stream().filter(f -> f.facts() != null && f.facts().dataset() != null)
                .forEach(f -> out.add(new VersionRecord.DatasetLink(f.path(), null, f.facts().dataset().url(), f.facts().dataset())));
        if (card != null) {
            for (String ref : ModelCard.strings(card.get("datasets"))) {
                String url = ref.startsWith("https://") || ref.startsWith("http://") ? ref
                        : HUB_ID.matcher(ref).matches() ? "https://huggingface.co/datasets/" + ref : null;
                out.add(new VersionRecord.DatasetLink(null, ref, url, null));
            }
        }
        return out;
    }

    private static List<VersionRecord.FileEntry> withFormat(List<VersionRecord.FileEntry> files, String format) {
        return files.stream()
                .filter(f -> f.facts() != null && format.equals(f.facts().format()) && f.facts().parameterCount() != null)
                .toList();
    }

    public static VersionRecord.Concept concept(Model model) {
        List<VersionRecord.VersionRef> versions = ModelVersion.released(model.id).stream().map(VersionRecords::ref).toList();
        VersionRecord latest = VersionLookup.latest(model.id).map(v -> of(model, v)).orElse(null);
        Description d = model.description;
        return new VersionRecord.Concept("concept", model.conceptPid, model.namespace, model.name, d.title(),
                d.description(), d.authors(), d.license(), d.keywords(), latest, versions);
    }

    public static VersionRecord.Tombstone tombstone(Model model, ModelVersion version) {
        String title = version.effectiveDescription(model).title();
        return new VersionRecord.Tombstone("version", version.pid, model.conceptPid, model.namespace, model.name,
                version.label, version.state.name(), title, version.withdrawalReason, version.withdrawnAt, version.manifestDigest);
    }

    public static VersionRecord.VersionRef ref(ModelVersion version) {
        return new VersionRecord.VersionRef(version.label, version.pid, version.state.name(), version.publishedAt);
    }

    /**
     * Writes the record of a released version to {@code records/{prefix}/{suffix}.json}. Called before the
     * catalog transaction commits, so the catalog never points at a missing record; its copy to the replica store
     * is queued in that same transaction.
     */
    public void store(VersionRecord record) {
        if (VersionState.valueOf(record.state()) == VersionState.draft) {
            throw new IllegalStateException("drafts have no stored record");
        }
        documents.put(StorageLayout.record(record.pid()), record, "the record of " + record.pid());
    }

    /**
     * Writes the model's document (description and aliases) to its concept identifier's record key, before the
     * catalog transaction commits. Call inside that transaction, after the change.
     */
    public void store(Model model) {
        Map<String, String> aliases = new java.util.TreeMap<>();
        for (Alias alias : Alias.<Alias>list("key.modelId", model.id)) {
            aliases.put(alias.key.name, ModelVersion.<ModelVersion>findById(alias.versionId).label);
        }
        Description d = model.description;
        ModelDocument document = new ModelDocument(ModelDocument.KIND, model.conceptPid, model.namespace, model.name, d.title(),
                d.description(), d.authors(), d.license(), d.keywords(), model.createdAt, model.updatedAt, aliases, model.visibility);
        documents.put(StorageLayout.record(model.conceptPid), document, "the model document of " + model.conceptPid);
    }

    /** Writes what a takedown removed, beside the version's record, before the catalog transaction commits. */
    public void store(TakedownDocument takedown) {
        documents.put(StorageLayout.takedown(takedown.pid()), takedown, "the takedown document of " + takedown.pid());
    }

    /** The manifest digest a stored record's files hash to, for proving the record against the digest it names. */
    public static String manifestDigestOf(JsonNode record) {
        List<Manifest.Entry> entries = new ArrayList<>();
        for (JsonNode file : record.path("files")) {
            entries.add(new Manifest.Entry(file.path("path").asText(), file.path("size").asLong(), file.path("digest").asText(),
                    file.path("mediaType").asText()));
        }
        return Manifest.of(entries).digest().toString();
    }
}
