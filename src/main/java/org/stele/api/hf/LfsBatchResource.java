package org.stele.api.hf;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.stele.api.http.PublicBase;
import org.stele.archive.access.Permissions;
import org.stele.archive.deposit.LfsTransfers;
import org.stele.archive.deposit.UploadLinks;
import org.stele.domain.ArchiveException;
import org.stele.domain.Digest;
import org.stele.domain.ErrorCode;

/**
 * Git LFS batch API ({@code POST /{repo}.git/info/lfs/objects/batch}, basic and the Hub's multipart transfer) and
 * {@code verify}. Objects the archive holds already (anywhere, and readable by the caller) get no {@code actions}.
 * Upload links carry their own credential ({@link UploadLinks}): clients send them without {@code Authorization}.
 */
@Path("/hf/{namespace}/{repo}/info/lfs/objects")
public class LfsBatchResource {
    static final String LFS_JSON = "application/vnd.git-lfs+json";
    private static final int MAX_OBJECTS = 1000;

    private final LfsTransfers transfers;
    private final UploadLinks links;
    private final Permissions permissions;
    private final PublicBase base;
    private final HubErrors errors;
    private final ObjectMapper json;

    LfsBatchResource(LfsTransfers transfers, UploadLinks links, Permissions permissions, PublicBase base, HubErrors errors, ObjectMapper json) {
        this.transfers = transfers;
        this.links = links;
        this.permissions = permissions;
        this.base = base;
        this.errors = errors;
        this.json = json;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Answer(String transfer, List<Entry> objects, String hash_algo) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String oid, long size, Boolean authenticated, Map<String, Action> actions, Error error) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Action(String href, Map<String, String> header, Long expires_in) {
    }

    public record Error(int code, String message) {
    }

    @POST
    @Path("batch")
    @Consumes({LFS_JSON, MediaType.APPLICATION_JSON})
    @Produces(LFS_JSON)
    @Operation(summary = "Git LFS batch (upload)", description = "Per object: no actions when the archive holds the bytes; else an upload "
            + "link (multipart with chunk_size and part links above stele.hub.part-size) and a verify link. Needs a token that may write the model.")
    public Response batch(@PathParam("namespace") String namespace, @PathParam("repo") String repo, InputStream body, @Context UriInfo uri)
            throws IOException {
        String name = repoName(repo);
        JsonNode request = json.readTree(body);
        if (request == null || !"upload".equals(request.path("operation").asText("upload"))) {
            throw new ArchiveException(ErrorCode.INVALID_REQUEST, "this LFS server takes uploads only; download through /resolve");
        }
        String algo = request.path("hash_algo").asText("sha256");
        if (!algo.equals("sha256") && !algo.equals("sha_256")) {
            throw new ArchiveException(ErrorCode.INVALID_REQUEST, "objects are named by sha256, not " + algo);
        }
        List<Entry> entries = new ArrayList<>();
        List<LfsTransfers.Wanted> wanted = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        JsonNode objects = request.path("objects");
        if (!objects.isArray() || objects.size() > MAX_OBJECTS) {
            throw new ArchiveException(ErrorCode.INVALID_REQUEST, "objects is a list of at most " + MAX_OBJECTS);
        }
        for (JsonNode object : objects) {
            String oid = object.path("oid").asText("");
            long size = object.path("size").asLong(-1);
            Optional<Digest> digest = oid.matches("[0-9a-f]{64}") ? Optional.of(Digest.parse("sha256:" + oid)) : Optional.empty();
            if (digest.isEmpty() || size < 0) {
                entries.add(new Entry(oid, size, null, null, new Error(422, "an object is a lower-case hex SHA-256 oid and a size")));
            } else {
                positions.add(entries.size());
                entries.add(null);
                wanted.add(new LfsTransfers.Wanted(digest.get(), size));
            }
        }
        List<LfsTransfers.Plan> plans = transfers.plan(namespace, name, wanted);
        String here = base.of(uri) + "/hf";
        java.util.UUID uploader = permissions.accountId().orElseThrow();
        boolean multipart = false;
        for (int i = 0; i < plans.size(); i++) {
            LfsTransfers.Plan plan = plans.get(i);
            multipart |= plan.session().isPresent();
            entries.set(positions.get(i), new Entry(plan.digest().hex(), plan.size(), true, plan.present() ? null : actions(here, namespace, repo, plan, uploader), null));
        }
        return Response.ok(new Answer(multipart ? "multipart" : "basic", entries, "sha256")).type(LFS_JSON).build();
    }

    @POST
    @Path("verify")
    @Consumes({LFS_JSON, MediaType.APPLICATION_JSON})
    @Produces(LFS_JSON)
    @Operation(summary = "Git LFS verify", description = "200 when the object is stored with this size; the commit checks it again.")
    public Response verify(@PathParam("namespace") String namespace, @PathParam("repo") String repo, InputStream body) throws IOException {
        JsonNode object = json.readTree(body);
        String oid = object == null ? "" : object.path("oid").asText("");
        if (!oid.matches("[0-9a-f]{64}")) {
            throw new ArchiveException(ErrorCode.INVALID_DIGEST, "verify needs {\"oid\": <sha256 hex>, \"size\": n}");
        }
        transfers.verify(namespace, repoName(repo), Digest.parse("sha256:" + oid), object.path("size").asLong(-1));
        return Response.ok(Map.of("message", "verified")).type(LFS_JSON).build();
    }

    @ServerExceptionMapper
    public Response refused(Exception e) {
        return errors.answer(e);
    }

    private Map<String, Action> actions(String here, String namespace, String repo, LfsTransfers.Plan plan, java.util.UUID uploader) {
        Map<String, Action> actions = new LinkedHashMap<>();
        String object = here + "/lfs-uploads/" + plan.digest().hex();
        if (plan.session().isEmpty()) {
            UploadLinks.Grant grant = links.grant(UploadLinks.Purpose.object, plan.digest(), plan.size(), Optional.empty(), 0, 0, uploader);
            actions.put("upload", new Action(object + "?link=" + links.credential(grant), null, expiresIn(grant)));
        } else {
            Map<String, String> header = new LinkedHashMap<>();
            header.put("chunk_size", Long.toString(plan.partSize()));
            for (int part = 1; part <= plan.parts(); part++) {
                UploadLinks.Grant grant = links.grant(UploadLinks.Purpose.part, plan.digest(), plan.size(), plan.session(), part, plan.partSize(), uploader);
                header.put(Integer.toString(part), object + "/parts/" + part + "?link=" + links.credential(grant));
            }
            UploadLinks.Grant complete = links.grant(UploadLinks.Purpose.complete, plan.digest(), plan.size(), plan.session(), 0, plan.partSize(), uploader);
            actions.put("upload", new Action(object + "/complete?link=" + links.credential(complete), header, expiresIn(complete)));
        }
        actions.put("verify", new Action(here + "/" + namespace + "/" + repo + "/info/lfs/objects/verify", null, null));
        return actions;
    }

    private static Long expiresIn(UploadLinks.Grant grant) {
        return Math.max(0, grant.expires().getEpochSecond() - java.time.Instant.now().getEpochSecond());
    }

    /** {@code name.git} (the Hub's form) or a bare name. */
    static String repoName(String repo) {
        return repo.endsWith(".git") ? repo.substring(0, repo.length() - 4) : repo;
    }
}
