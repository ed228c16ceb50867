package org.stele.api.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.stele.api.http.PublicBase;
import org.stele.api.http.StreamedBody;
import org.stele.archive.deposit.BlobIngest;
import org.stele.archive.deposit.Versions;
import org.stele.archive.publishing.Publishing;
import org.stele.archive.reading.VersionLookup;
import org.stele.archive.reading.VersionRecord;
import org.stele.config.SteleConfig;
import org.stele.domain.ArchiveException;
import org.stele.domain.Digest;
import org.stele.domain.ErrorCode;

/**
 * The Hub's write calls on a model: preupload, the NDJSON commit and tags. Commits to {@code main} go into the model's
 * open draft; a tag publishes it (docs/hf-write.md). Published versions never change: commits to any other revision
 * are refused.
 */
@Path("/hf/api/models/{namespace}/{name}")
@Produces(MediaType.APPLICATION_JSON)
public class HubCommitResource {
    /** The largest file sent inline in a commit (base64 in one NDJSON line); larger ones go through LFS. */
    static final int MAX_INLINE_BYTES = 16 << 20;

    private final Versions versions;
    private final Publishing publishing;
    private final PublicBase base;
    private final HubErrors errors;
    private final SteleConfig config;
    private final ObjectMapper json;

    HubCommitResource(Versions versions, Publishing publishing, PublicBase base, HubErrors errors, SteleConfig config, ObjectMapper json) {
        this.versions = versions;
        this.publishing = publishing;
        this.base = base;
        this.errors = errors;
        this.config = config;
        this.json = json;
    }

    public record Preupload(List<Wanted> files) {
    }

    public record Wanted(String path, String sample, Long size) {
    }

    public record Mode(String path, String uploadMode, boolean shouldIgnore, String oid) {
    }

    public record Modes(List<Mode> files) {
    }

    public record CommitAnswer(boolean success, String commitOid, String commitUrl, String hookOutput) {
    }

    public record TagRequest(String tag, String message) {
    }

    public record TagAnswer(String name, String ref, String targetCommit, String pid) {
    }

    @POST
    @Path("preupload/{revision}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Hugging Face: how to upload each file", description = "lfs for anything but small text, by size; the oid of the "
            + "file where the next commit lands, so unchanged files are skipped.")
    public Modes preupload(@PathParam("namespace") String namespace, @PathParam("name") String name, @PathParam("revision") String revision,
            @QueryParam("create_pr") String createPr, Preupload body) {
        writable(revision, createPr);
        if (body == null || body.files() == null) {
            throw new ArchiveException(ErrorCode.INVALID_REQUEST, "preupload needs {\"files\": [{path, sample, size}]}");
        }
        Map<String, Digest> head = versions.headFiles(namespace, name);
        long inline = config.hub().inlineLimit().asLongValue();
        List<Mode> modes = new ArrayList<>();
        for (Wanted file : body.files()) {
            boolean lfs = file.size() == null || file.size() > inline || binary(file.sample());
            Digest current = head.get(file.path());
            modes.add(new Mode(file.path(), lfs ? "lfs" : "regular", false, lfs && current != null ? current.hex() : null));
        }
        return new Modes(modes);
    }

    @POST
    @Path("commit/{revision}")
    @Consumes({"application/x-ndjson", MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Operation(summary = "Hugging Face: commit to the model's draft", description = "NDJSON: a header (summary, description, parentCommit), "
            + "inline files (base64), LFS files by SHA-256 (uploaded before, or held by the archive and readable by the caller), deletions. "
            + "All or nothing; 412 when parentCommit is not the draft's current commit.")
    public CommitAnswer commit(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @PathParam("revision") String revision, @QueryParam("create_pr") String createPr, @Context UriInfo uri) throws IOException {
        writable(revision, createPr);
        versions.requireWritable(namespace, name); // before a byte of the body is stored
        Optional<String> parent = Optional.empty();
        List<Versions.Change> changes = new ArrayList<>();
        try (InputStream body = new java.io.BufferedInputStream(StreamedBody.open(), 1 << 16)) {
            for (String line = NdjsonLines.next(body, MAX_INLINE_BYTES * 4 / 3 + 4096); line != null;
                    line = NdjsonLines.next(body, MAX_INLINE_BYTES * 4 / 3 + 4096)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode item = json.readTree(line);
                JsonNode value = item.path("value");
                switch (item.path("key").asText()) {
                    case "header" -> parent = Optional.ofNullable(value.path("parentCommit").textValue());
                    case "file" -> changes.add(inline(namespace, name, value));
                    case "lfsFile" -> changes.add(lfs(value));
                    case "deletedFile" -> changes.add(new Versions.Delete(required(value, "path"), false));
                    case "deletedFolder" -> changes.add(new Versions.Delete(required(value, "path"), true));
                    default -> throw new ArchiveException(ErrorCode.INVALID_REQUEST, "unknown commit line key '" + item.path("key").asText() + "'");
                }
            }
        }
        Versions.Committed committed = versions.commit(namespace, name, parent, changes);
        return new CommitAnswer(true, committed.commit(), base.of(uri) + "/hf/" + namespace + "/" + name + "/commit/" + committed.commit(), "");
    }

    @POST
    @Path("tag/{revision}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Hugging Face: tag main, which publishes the draft", description = "Publishes the model's open draft as version "
            + "<tag>, with the same rules as the native publish; a label used before is 409.")
    public TagAnswer tag(@PathParam("namespace") String namespace, @PathParam("name") String name, @PathParam("revision") String revision,
            TagRequest body) {
        if (!VersionLookup.MAIN.equals(revision)) {
            throw new ArchiveException(ErrorCode.REVISION_NOT_FOUND, "a tag publishes the draft of main; tag main, not " + revision);
        }
        if (body == null || body.tag() == null) {
            throw new ArchiveException(ErrorCode.INVALID_REQUEST, "a tag needs {\"tag\": <label>}");
        }
        VersionRecord published = publishing.publishOpenDraft(namespace, name, body.tag());
        return new TagAnswer(published.version(), "refs/tags/" + published.version(), VersionLookup.commitOf(published.manifestDigest()),
                published.pid());
    }

    /**
     * Xet is not spoken here, and the default client has no fallback: the token it asks for names a CAS address whose
     * path tells the user what to do, for the client's error shows that address.
     */
    @GET
    @Path("xet-write-token/{revision}")
    @Operation(summary = "Hugging Face: Xet upload token (Xet is not supported)", description = "Answers a CAS address that fails, "
            + "its path telling the user to set HF_HUB_DISABLE_XET=1.")
    public Response xetWriteToken(@Context UriInfo uri) {
        String cas = base.of(uri) + "/hf/xet-is-not-supported-set-HF_HUB_DISABLE_XET=1-to-upload-to-this-archive";
        long exp = Instant.now().plusSeconds(3600).getEpochSecond();
        return Response.ok(Map.of("accessToken", "none", "exp", exp, "casUrl", cas))
                .header("X-Xet-Cas-Url", cas).header("X-Xet-Access-Token", "none").header("X-Xet-Token-Expiration", exp)
                .header("X-HF-Warning", "xet; this archive does not speak Xet: set HF_HUB_DISABLE_XET=1 to upload").build();
    }

    @ServerExceptionMapper
    public Response refused(Exception e) {
        return errors.answer(e);
    }

    /** Commits land in main only: a published revision never changes, and pull requests are not kept. */
    private static void writable(String revision, String createPr) {
        if (HubRepoResource.flag(createPr)) {
            throw new ArchiveException(ErrorCode.INVALID_REQUEST, "pull requests are not supported: commit to main, then tag to publish");
        }
        if (!VersionLookup.MAIN.equals(revision)) {
            throw new ArchiveException(ErrorCode.VERSION_IMMUTABLE, "revision " + revision + " cannot be written: published versions never change;"
                    + " commit to main (the model's draft)");
        }
    }

    private Versions.Change inline(String namespace, String name, JsonNode value) throws IOException {
        String path = required(value, "path");
        if (!"base64".equals(value.path("encoding").asText("base64"))) {
            throw new ArchiveException(ErrorCode.INVALID_REQUEST, "inline files are base64");
        }
        byte[] content;
        try {
            content = Base64.getDecoder().decode(value.path("content").asText(""));
        } catch (IllegalArgumentException e) {
            throw new ArchiveException(ErrorCode.INVALID_REQUEST, "the content of " + path + " is not base64");
        }
        BlobIngest.Stored stored = versions.storeInline(namespace, name, content);
        return new Versions.Add(path, stored.digest(), stored.size());
    }

    private static Versions.Change lfs(JsonNode value) {
        String path = required(value, "path");
        String oid = required(value, "oid");
        if (!"sha256".equals(value.path("algo").asText("sha256"))) {
            throw new ArchiveException(ErrorCode.INVALID_REQUEST, "LFS files are named by sha256");
        }
        return new Versions.Add(path, Digest.parse("sha256:" + oid), value.path("size").asLong(-1));
    }

    private static String required(JsonNode value, String field) {
        String text = value.path(field).textValue();
        if (text == null || text.isEmpty()) {
            throw new ArchiveException(ErrorCode.INVALID_REQUEST, "a commit line lacks '" + field + "'");
        }
        return text;
    }

    /** A sample with a NUL byte is binary: it goes through LFS whatever its size. */
    private static boolean binary(String sample) {
        if (sample == null) {
            return false;
        }
        try {
            for (byte b : Base64.getDecoder().decode(sample)) {
                if (b == 0) {
                    return true;
                }
            }
            return false;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
