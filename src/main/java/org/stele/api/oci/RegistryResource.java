package org.stele.api.oci;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.stele.api.http.ByteRange;
import org.stele.api.http.ContentResponses;
import org.stele.api.http.PresignedDownloads;
import org.stele.archive.distribution.ModelPackArtifacts;
import org.stele.archive.distribution.ModelPackManifest;
import org.stele.archive.distribution.OciTags;
import org.stele.archive.reading.BlobReads;
import org.stele.domain.ArchiveException;
import org.stele.domain.Digest;
import org.stele.domain.ErrorCode;

/**
 * A read-only OCI Distribution v1.1 registry under {@code /v2}: each released version of a model {@code ns/name} is a
 * CNCF ModelPack artifact in repository {@code ns/name} (lower case), tagged by its label and, the newest published,
 * {@code latest}. Layers are the stored files, served by the same verified, ranged reads as every download. Pushes are
 * refused: deposits go through {@code /api/v1}. docs/oci.md tells how labels, identifiers and digests map. The
 * protocol is the OCI Distribution spec, so this package stays out of Stele's OpenAPI document (as {@code /hf} does);
 * the annotations describe the routes for a document of their own.
 */
@Path("/v2")
@Tag(name = "OCI Distribution")
public class RegistryResource {
    static final String API_VERSION = "Docker-Distribution-API-Version";
    static final String CONTENT_DIGEST = "Docker-Content-Digest";
    private static final String INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final ModelPackArtifacts artifacts;
    private final PresignedDownloads downloads;
    private final OciErrors errors;

    RegistryResource(ModelPackArtifacts artifacts, PresignedDownloads downloads, OciErrors errors) {
        this.artifacts = artifacts;
        this.downloads = downloads;
        this.errors = errors;
    }

    @ServerExceptionMapper
    public Response refused(Exception e) {
        return errors.answer(e);
    }

    @GET
    @Path("/")
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The registry speaks OCI Distribution v1.1")
    @APIResponse(responseCode = "401", description = "No Authorization header: the Basic challenge registry clients answer")
    @Operation(operationId = "ociBase", summary = "OCI registry version check",
            description = "200 with any Authorization header the archive accepts (Basic with an empty password is "
                    + "anonymous), 401 with a Basic challenge without one: registry clients only send credentials to a "
                    + "registry that challenged them here.")
    public Response base(@Context HttpHeaders request) {
        if (request.getHeaderString(HttpHeaders.AUTHORIZATION) == null) {
            return errors.archive(new ArchiveException(ErrorCode.UNAUTHENTICATED,
                    "public models pull anonymously; restricted ones with a user name and an archive token as password"));
        }
        return Response.ok("{}").build();
    }

    @GET
    @Path("{namespace}/{name}/manifests/{reference}")
    @Produces(MediaType.WILDCARD)
    @APIResponse(responseCode = "200", description = "The ModelPack manifest, exact bytes; Docker-Content-Digest names them")
    @Operation(operationId = "ociGetManifest", summary = "ModelPack manifest of a version",
            description = "By tag (a version label, or latest) or by the manifest's digest. A withdrawn version answers 410, "
                    + "an embargoed one 403 to outsiders, with OCI error bodies.")
    public Response manifest(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @PathParam("reference") String reference, @Context HttpHeaders request) {
        return manifest(false, namespace, name, reference, request);
    }

    @HEAD
    @Path("{namespace}/{name}/manifests/{reference}")
    @Produces(MediaType.WILDCARD)
    @APIResponse(responseCode = "200", description = "Content-Type, Content-Length and Docker-Content-Digest of the manifest")
    @Operation(operationId = "ociHeadManifest", summary = "ModelPack manifest facts")
    public Response manifestHead(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @PathParam("reference") String reference, @Context HttpHeaders request) {
        return manifest(true, namespace, name, reference, request);
    }

    @GET
    @Path("{namespace}/{name}/blobs/{digest}")
    @Produces(MediaType.WILDCARD)
    @APIResponse(responseCode = "200", ref = "Bytes")
    @APIResponse(responseCode = "206", ref = "PartialBytes")
    @Operation(operationId = "ociGetBlob", summary = "A layer (a stored file, by its SHA-256) or the config",
            description = "Single byte ranges (206; 416 when unsatisfiable or inverted), verified as they stream.")
    public Response blob(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @PathParam("digest") String digest, @Context HttpHeaders request) throws IOException {
        return blob(false, namespace, name, digest, request);
    }

    @HEAD
    @Path("{namespace}/{name}/blobs/{digest}")
    @Produces(MediaType.WILDCARD)
    @APIResponse(responseCode = "200", ref = "ByteFacts")
    @Operation(operationId = "ociHeadBlob", summary = "Size and digest of a layer or the config")
    public Response blobHead(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @PathParam("digest") String digest, @Context HttpHeaders request) throws IOException {
        return blob(true, namespace, name, digest, request);
    }

    /** The page of tags. */
    public record TagList(String name, List<String> tags) {
    }

    @GET
    @Path("{namespace}/{name}/tags/list")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "ociListTags", summary = "Tags of a repository",
            description = "Version labels that are valid tags, and latest, sorted; n (at most 1000 per page) and last page "
                    + "through them, with a Link rel=\"next\" header while more remain.")
    public Response tags(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @QueryParam("n") String n, @QueryParam("last") String last) {
        String repository = repository(namespace, name);
        OciTags.Page page = OciTags.page(artifacts.tags(namespace, name), n, last);
        Response.ResponseBuilder answer = Response.ok(new TagList(repository, page.tags()));
        if (page.more()) {
            String next = "/v2/" + repository + "/tags/list?n=" + page.tags().size() + "&last="
                    + URLEncoder.encode(page.tags().get(page.tags().size() - 1), StandardCharsets.UTF_8);
            answer.header("Link", "<" + next + ">; rel=\"next\"");
        }
        return answer.build();
    }

    @GET
    @Path("{namespace}/{name}/referrers/{digest}")
    @Produces(INDEX)
    @Operation(operationId = "ociListReferrers", summary = "Manifests that refer to a manifest",
            description = "Always an image index (empty: archived versions carry no referrers yet), filtered by artifactType.")
    public Response referrers(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @PathParam("digest") String digest, @QueryParam("artifactType") String artifactType) {
        repository(namespace, name);
        List<Map<String, Object>> descriptors = artifacts.referrers(namespace, name, Digest.parse(digest)).stream()
                .filter(r -> artifactType == null || artifactType.equals(r.artifactType()))
                .map(r -> Map.<String, Object>of("mediaType", r.mediaType(), "digest", r.digest().toString(), "size", r.size(),
                        "artifactType", r.artifactType()))
                .toList();
        Response.ResponseBuilder answer = Response.ok(Map.of("schemaVersion", 2, "mediaType", INDEX, "manifests", descriptors))
                .type(INDEX);
        if (artifactType != null) {
            answer.header("OCI-Filters-Applied", "artifactType");
        }
        return answer.build();
    }

    /** Anything else under /v2 that reads: repositories here are always {@code namespace/name}. */
    @GET
    @Path("{path: .+}")
    @Produces(MediaType.WILDCARD)
    public Response unknown(@PathParam("path") String path) {
        throw new ArchiveException(ErrorCode.NOT_FOUND, "no such repository or endpoint: repositories here are namespace/name");
    }

    @HEAD
    @Path("{path: .+}")
    @Produces(MediaType.WILDCARD)
    public Response unknownHead(@PathParam("path") String path) {
        return unknown(path);
    }

    @POST
    @Path("{path: .*}")
    @APIResponse(responseCode = "405", description = "The registry is read-only: deposit through /api/v1")
    @Operation(operationId = "ociPush", summary = "Pushes are refused")
    public Response push() {
        throw readOnly();
    }

    @PUT
    @Path("{path: .*}")
    public Response put() {
        throw readOnly();
    }

    @PATCH
    @Path("{path: .*}")
    public Response patch() {
        throw readOnly();
    }

    @DELETE
    @Path("{path: .*}")
    public Response delete() {
        throw readOnly();
    }

    private static ArchiveException readOnly() {
        return new ArchiveException(ErrorCode.METHOD_NOT_ALLOWED, "this registry is read-only: published versions never "
                + "change; deposit a model through the deposit API under /api/v1 (see docs/api.md)");
    }

    private Response manifest(boolean head, String namespace, String name, String reference, HttpHeaders request) {
        repository(namespace, name);
        requireManifestAccepted(request);
        ModelPackManifest.Document manifest = artifacts.manifest(namespace, name, reference);
        Response.ResponseBuilder answer = Response.ok()
                .type(ModelPackManifest.MANIFEST_MEDIA_TYPE)
                .header(CONTENT_DIGEST, manifest.digest().toString())
                .header(HttpHeaders.ETAG, "\"" + manifest.digest() + "\"")
                .header(HttpHeaders.CONTENT_LENGTH, manifest.size())
                .header(HttpHeaders.CACHE_CONTROL, reference.contains(":") ? IMMUTABLE : "no-cache");
        if (!head) {
            answer.entity(manifest.bytes());
        }
        return answer.build();
    }

    private Response blob(boolean head, String namespace, String name, String digestText, HttpHeaders request) throws IOException {
        repository(namespace, name);
        Digest digest = Digest.parse(digestText);
        ModelPackArtifacts.Blob blob = artifacts.blob(namespace, name, digest);
        long size;
        ContentResponses.Opener opener;
        if (blob instanceof ModelPackArtifacts.ConfigBlob config) {
            byte[] bytes = config.document().bytes();
            size = bytes.length;
            opener = (offset, length) -> new ByteArrayInputStream(bytes, (int) offset, (int) length);
        } else {
            BlobReads.Found bytes = ((ModelPackArtifacts.LayerBlob) blob).bytes();
            size = bytes.size();
            opener = downloads.of(bytes);
        }
        requireOrdered(request.getHeaderString("Range"), size);
        Response.ResponseBuilder answer = ContentResponses.answer(head, "\"" + digest + "\"", digest, size,
                MediaType.APPLICATION_OCTET_STREAM, IMMUTABLE, request, opener);
        return answer.header(CONTENT_DIGEST, digest.toString()).build();
    }

    /** The conformance suite wants 416 for {@code bytes=500-0}, which plain HTTP would ignore. */
    private static void requireOrdered(String range, long size) {
        if (ByteRange.inverted(range)) {
            throw new ArchiveException(ErrorCode.RANGE_NOT_SATISFIABLE, "the range ends before it starts",
                    Map.of("contentRange", "bytes */" + size));
        }
    }

    /** Every Accept line, merged: skopeo sends six. No Accept, or one naming the OCI manifest or a wildcard, is served. */
    private static void requireManifestAccepted(HttpHeaders request) {
        List<String> lines = request.getRequestHeader(HttpHeaders.ACCEPT);
        if (lines == null || lines.isEmpty()) {
            return;
        }
        for (String line : lines) {
            for (String type : line.split(",")) {
                String bare = type.split(";")[0].trim().toLowerCase(Locale.ROOT);
                if (bare.isEmpty() || bare.equals("*/*") || bare.equals("application/*")
                        || bare.equals(ModelPackManifest.MANIFEST_MEDIA_TYPE)) {
                    return;
                }
            }
        }
        throw new ArchiveException(ErrorCode.NOT_ACCEPTABLE, "manifests here are " + ModelPackManifest.MANIFEST_MEDIA_TYPE
                + " (CNCF ModelPack artifacts); the Accept header names none of it");
    }

    /** The repository name as OCI spells it, each component checked: 400 NAME_INVALID otherwise. */
    private static String repository(String namespace, String name) {
        return OciTags.requireNameComponent(namespace) + "/" + OciTags.requireNameComponent(name);
    }
}
