package org.stele.archive.reading;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.stele.domain.Author;
import org.stele.domain.files.DataDescriptor;
import org.stele.domain.files.FileFacts;

/**
 * The full record of a version: what the resolver answers and, for published versions, the document
 * stored at {@code records/{prefix}/{suffix}.json} from which the catalog can be rebuilt.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VersionRecord(
        String kind,
        String pid,
        String conceptPid,
        String namespace,
        String name,
        String version,
        String state,
        String title,
        String description,
        List<Author> authors,
        String license,
        List<String> keywords,
        String manifestDigest,
        List<FileEntry> files,
        Instant createdAt,
        Instant publishedAt,
        Instant withdrawnAt,
        String withdrawalReason,
        VersionRef previous,
        VersionRef next,
        @JsonUnwrapped ModelFacts facts,
        Instant embargoUntil,
        DepositorSignature depositorSignature) {

    /** A record without a depositor's signature. */
    public VersionRecord(String kind, String pid, String conceptPid, String namespace, String name, String version, String state,
            String title, String description, List<Author> authors, String license, List<String> keywords, String manifestDigest,
            List<FileEntry> files, Instant createdAt, Instant publishedAt, Instant withdrawnAt, String withdrawalReason,
            VersionRef previous, VersionRef next, ModelFacts facts, Instant embargoUntil) {
        this(kind, pid, conceptPid, namespace, name, version, state, title, description, authors, license, keywords, manifestDigest,
                files, createdAt, publishedAt, withdrawnAt, withdrawalReason, previous, next, facts, embargoUntil, null);
    }

    /**
     * Who signed the files: the {@code signatureFile} (a Sigstore bundle in the OpenSSF model_signing format, itself
     * one of the files) verified at publish ({@code verifiedAt}) with the key {@code keyId} (hex SHA-256 of its PEM)
     * registered in {@code namespace} under {@code keyLabel}; {@code rootDigest} is the model_signing root digest of
     * the signed files (hex SHA-256 over their digests in path order).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DepositorSignature(String signatureFile, String keyId, String keyLabel, String namespace, String rootDigest,
            Instant verifiedAt) {
    }

    /**
     * How Hugging Face clients load this version ({@code HF_ENDPOINT=<archive>/hf}): its repo id and an
     * immutable revision (a commit id derived from the manifest digest). Absent on drafts.
     */
    @com.fasterxml.jackson.annotation.JsonProperty("huggingFace")
    public HubCoordinates huggingFace() {
        return manifestDigest == null ? null : new HubCoordinates(namespace + "/" + name, VersionLookup.commitOf(manifestDigest));
    }

    /** A repo id and revision for Hugging Face clients. */
    public record HubCoordinates(String repoId, String revision) {
    }

    /** One file of a version, with what was read from its bytes (weights header, card front matter) if anything. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FileEntry(String path, long size, String digest, String mediaType, String kind, FileFacts facts) {
    }

    /**
     * What the version's files say about the model, as a whole: the model card's front matter (Hugging Face key
     * names), parameters and tensor types summed over the weight files ({@code weightFiles} of them), and every
     * warning raised while reading them. Shown at the top level of the record.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record ModelFacts(Map<String, Object> card, Long parameterCount, List<String> dtypes, Integer weightFiles,
            List<FileWarning> warnings, List<ModelLink> derivedFrom, List<ModelLink> derivatives, List<DatasetLink> datasets) {
        public static final ModelFacts NONE = new ModelFacts(null, null, List.of(), null, List.of(), List.of(), List.of(), List.of());
    }

    /**
     * Training data: a descriptor file of the version ({@code path}, its fields inline) or a dataset the card names
     * ({@code ref} as written, {@code url} for Hub ids and links).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DatasetLink(String path, String ref, String url, @JsonUnwrapped DataDescriptor.Dataset descriptor) {
    }

    /**
     * A model named in lineage. Inside this archive: {@code pid} (a version's or, for a whole model, its concept's),
     * {@code namespace}, {@code name} and {@code version}; outside: only {@code ref} as written and a {@code url} when
     * one is known. {@code relation} is the card's {@code base_model_relation} (finetune, adapter, quantized, merge).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelLink(String ref, String pid, String namespace, String name, String version, String url, String relation) {
    }

    /** Something a file of the version could not say clearly, e.g. a malformed card or a truncated header. */
    public record FileWarning(String path, String message) {
    }

    /** A short reference to a version, for version lists and previous/next links. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VersionRef(String version, String pid, String state, Instant publishedAt) {
    }

    /** What a concept identifier resolves to: the model, its latest version and all released versions. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Concept(String kind, String pid, String namespace, String name, String title, String description,
            List<Author> authors, String license, List<String> keywords, VersionRecord latest, List<VersionRef> versions) {
    }

    /** What a withdrawn version's identifier answers (with 410): the citation stays, the bytes do not. */
    public record Tombstone(String kind, String pid, String conceptPid, String namespace, String name, String version,
            String state, String title, String reason, Instant withdrawnAt, String manifestDigest) {
    }
}
