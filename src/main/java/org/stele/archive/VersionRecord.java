package org.stele.archive;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.stele.domain.Author;

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
        VersionRef next) {

    /**
     * How Hugging Face clients load this version ({@code HF_ENDPOINT=<archive>/hf}): its repo id and an
     * immutable revision (a commit id derived from the manifest digest). Absent on drafts.
     */
    @com.fasterxml.jackson.annotation.JsonProperty("huggingFace")
    public HubCoordinates huggingFace() {
        return manifestDigest == null ? null : new HubCoordinates(namespace + "/" + name, HubRevisions.commitOf(manifestDigest));
    }

    /** A repo id and revision for Hugging Face clients. */
    public record HubCoordinates(String repoId, String revision) {
    }

    /** One file of a version. */
    public record FileEntry(String path, long size, String digest, String mediaType, String kind) {
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
