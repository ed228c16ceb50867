package org.stele.api.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.stele.api.http.ContentResponses;
import org.stele.api.http.PresignedDownloads;
import org.stele.api.http.PublicBase;
import org.stele.api.http.RenderedAnswer;
import org.stele.api.http.StreamedBody;
import org.stele.archive.deposit.BlobIngest;
import org.stele.archive.metrics.ArchiveMetrics;
import org.stele.archive.reading.BlobHolders;
import org.stele.archive.reading.BlobReads;
import org.stele.archive.reading.CatalogCache;
import org.stele.domain.Digest;
import org.stele.domain.Page;

/** Content-addressed bytes: store by streaming, fetch by SHA-256. */
@Path("/api/v1/blobs")
@Tag(name = "Blobs")
public class BlobResource {
    private final BlobIngest ingest;
    private final BlobReads reads;
    private final ArchiveMetrics metrics;
    private final BlobHolders holders;
    private final PublicBase publicBase;
    private final PresignedDownloads downloads;
    private final CatalogCache cache;

    BlobResource(BlobIngest ingest, BlobReads reads, ArchiveMetrics metrics, BlobHolders holders, PublicBase publicBase,
            PresignedDownloads downloads, CatalogCache cache) {
        this.ingest = ingest;
        this.reads = reads;
        this.metrics = metrics;
        this.holders = holders;
        this.publicBase = publicBase;
        this.downloads = downloads;
        this.cache = cache;
    }

    /**
     * A published version that holds the content: what to cite for these bytes.
     *
     * @param version the version's label
     * @param paths   the paths the version holds the content under (one, unless it holds the same bytes twice)
     * @param url     the version's landing page, its persistent identifier resolved: the address to cite
     */
    public record HoldingVersion(String pid, String namespace, String name, String version, String manifestDigest,
            List<String> paths, Instant publishedAt, String url) {
    }

    /** What the archive holds under a digest. */
    public record BlobInfo(String digest, long size) {
        static BlobInfo of(BlobIngest.Stored stored) {
            return new BlobInfo(stored.digest().toString(), stored.size());
        }
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = "*/*", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "201", description = "New content", headers = @Header(name = "Location", ref = "Location"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BlobInfo.class)))
    @APIResponse(responseCode = "200", description = "The content was stored already", headers = @Header(name = "Location", ref = "Location"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BlobInfo.class)))
    @Operation(operationId = "storeBlob",
            summary = "Store bytes", description = "Streams the request body into the archive. With ?digest= the bytes "
            + "must hash to it or nothing is kept. 201 when new, 200 when the content was already stored. Needs the write scope "
            + "and the maintainer role in some namespace.")
    public Response upload(@QueryParam("digest") String digest) throws IOException {
        Optional<Digest> expected = Optional.ofNullable(digest).map(Digest::parse);
        return created(ingest.store(() -> metrics.uploaded(StreamedBody.open()), expected));
    }

    @GET
    @Path("{digest}")
    @Produces(MediaType.WILDCARD)
    @APIResponse(responseCode = "200", ref = "Bytes")
    @APIResponse(responseCode = "206", ref = "PartialBytes")
    @APIResponse(responseCode = "304", ref = "NotModified")
    @Operation(operationId = "getBlob",
            summary = "Fetch bytes by SHA-256", description = "Single byte ranges, If-None-Match and If-Range are honoured. "
            + "Content answers as the strictest version holding it would answer the caller (403 embargoed, 410 withdrawn or "
            + "blob_purged), and 404 blob_not_found when no holder is the caller's to see; content no version holds is its "
            + "uploader's alone.")
    public Response get(@PathParam("digest") String digest, @Context HttpHeaders headers) throws IOException {
        return answer(false, digest, headers);
    }

    @HEAD
    @Path("{digest}")
    @Produces(MediaType.WILDCARD)
    @APIResponse(responseCode = "200", ref = "ByteFacts")
    @APIResponse(responseCode = "304", ref = "NotModified")
    @Operation(operationId = "headBlob",
            summary = "Size, ETag and Repr-Digest of stored bytes", description = "As GET: 404 for content only restricted "
            + "models, drafts or embargoed versions hold, unless the caller may read them, and for content no version holds "
            + "to anyone but its uploader.")
    public Response head(@PathParam("digest") String digest, @Context HttpHeaders headers) throws IOException {
        return answer(true, digest, headers);
    }

    @GET
    @Path("{digest}/versions")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listBlobVersions",
            summary = "The published versions that hold bytes", description = "From a SHA-256 back to citations: the "
            + "published versions holding the content whose files the caller may have now (not withdrawn, not under "
            + "embargo unless the caller reads the namespace, restricted models only for their readers), each with its "
            + "identifier, the paths it holds the content under and its landing page. Content never stored, taken down or "
            + "held by no such version answers an empty list. Keyset pagination: pass nextCursor back as ?cursor=; limit 1 "
            + "to 100 (default 50).")
    public Page<HoldingVersion> versions(@PathParam("digest") String digest, @QueryParam("limit") @DefaultValue("50") int limit,
            @QueryParam("cursor") String cursor, @Context UriInfo uri) {
        Page<BlobHolders.Holder> page = holders.page(Digest.parse(digest), limit, Optional.ofNullable(cursor));
        String base = publicBase.of(uri);
        return new Page<>(page.items().stream().map(h -> new HoldingVersion(h.pid(), h.namespace(), h.name(), h.version(),
                h.manifestDigest(), h.paths(), h.publishedAt(), base + "/pid/" + h.pid())).toList(), page.nextCursor());
    }

    static Response created(BlobIngest.Stored stored) {
        return Response.status(stored.created() ? 201 : 200)
                .header("Location", "/api/v1/blobs/" + stored.digest())
                .type(MediaType.APPLICATION_JSON)
                .entity(BlobInfo.of(stored))
                .build();
    }

    /** The key of a lookup of content by digest in the {@link CatalogCache}. */
    record CacheKey(Digest digest) {
    }

    /**
     * What a request for content found: the bytes, and when every reader may have them and they are small, the answer
     * to a plain GET of them, their verified bytes in it.
     */
    record Lookup(BlobReads.Found blob, RenderedAnswer whole) {
    }

    private Response answer(boolean head, String digest, HttpHeaders headers) throws IOException {
        Lookup found = lookup(Digest.parse(digest));
        BlobReads.Found blob = found.blob();
        byte[] kept = found.whole() == null ? null : found.whole().body();
        return ContentResponses.answer(head, blob.digest(), blob.size(), MediaType.APPLICATION_OCTET_STREAM, headers,
                downloads.of(blob, kept));
    }

    /**
     * Finds the content for this request. Small content every reader may have is kept with its whole answer until the
     * catalog changes (for this resource, whatever the request's range or conditions, and for {@link SmallBlobAnswers});
     * a lookup that depended on the caller, or found content too large to keep, is not.
     */
    private Lookup lookup(Digest digest) throws IOException {
        try {
            return cache.get(new CacheKey(digest), () -> {
                BlobReads.Found blob = reads.find(digest).requireIntact();
                Optional<byte[]> whole;
                try {
                    whole = reads.everyonesWhole(blob, SmallBlobAnswers.LIMIT);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (whole.isEmpty()) {
                    return CatalogCache.Computed.personal(new Lookup(blob, null));
                }
                RenderedAnswer answer = RenderedAnswer.of(ContentResponses.whole(digest, MediaType.APPLICATION_OCTET_STREAM,
                        whole.get()));
                return CatalogCache.Computed.shared(new Lookup(blob, answer), answer.weight());
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
