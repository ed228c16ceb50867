package org.stele.api.hf;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.stele.archive.reading.HubRevisions;

/**
 * {@code /api/models/{repo}[/revision/{rev}]}. Python needs {@code id}, {@code sha} and every file in
 * {@code siblings} (up to 1.21 it downloads only those); the npm client reads {@code _id}, {@code private},
 * {@code gated}, {@code downloads}, {@code likes} and {@code lastModified}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelInfo(
        @JsonProperty("_id") String objectId,
        String id,
        String modelId,
        String author,
        String sha,
        String createdAt,
        String lastModified,
        @JsonProperty("private") boolean privateRepo,
        boolean gated,
        boolean disabled,
        int downloads,
        int likes,
        List<String> tags,
        @JsonProperty("pipeline_tag") String pipelineTag,
        @JsonProperty("library_name") String libraryName,
        Map<String, Object> cardData,
        List<Sibling> siblings,
        long usedStorage,
        Doi doi) {

    /** A file; with {@code ?blobs=true} also its oids and sizes (the LFS key is {@code sha256} here, {@code oid} in trees). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Sibling(String rfilename, String blobId, Long size, SiblingLfs lfs) {
    }

    public record SiblingLfs(String sha256, long size, int pointerSize) {
    }

    /** The version's DOI and the commit it names; as on the Hub, only for a registered DOI. */
    public record Doi(String id, String commit) {
    }

    /** @param registeredDoi the version's identifier is a DOI registered and findable at DataCite: only then is it a {@code doi} */
    static ModelInfo of(HubRevisions.Snapshot snapshot, boolean blobs, boolean registeredDoi) {
        HubRevisions.Revision revision = snapshot.revision();
        String repo = revision.namespace() + "/" + revision.name();
        HubCard card = HubCard.of(snapshot);
        List<Sibling> siblings = snapshot.files().stream().map(f -> blobs ? detailed(f) : new Sibling(f.path(), null, null, null)).toList();
        long storage = snapshot.files().stream().mapToLong(HubRevisions.HubFile::size).sum();
        return new ModelInfo(objectId(repo), repo, repo, revision.namespace(), revision.commit(),
                HubDates.format(revision.modelCreatedAt()), HubDates.format(revision.publishedAt()), snapshot.restricted(), false, false, 0, 0,
                card.tags(), card.pipelineTag(), card.libraryName(), card.data(), siblings, storage,
                registeredDoi ? new Doi(revision.pid(), revision.commit()) : null);
    }

    private static Sibling detailed(HubRevisions.HubFile file) {
        LfsPointer pointer = LfsPointer.of(file.digest(), file.size());
        return new Sibling(file.path(), pointer.oid(), file.size(), new SiblingLfs(file.digest().hex(), file.size(), pointer.size()));
    }

    /** A stable 24-hex id in the shape of the Hub's {@code _id}, derived from the repo id. */
    static String objectId(String repo) {
        return LfsPointer.sha1(repo.toLowerCase(Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 24);
    }
}
