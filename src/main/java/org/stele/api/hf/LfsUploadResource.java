package org.stele.api.hf;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.stele.api.http.StreamedBody;
import org.stele.archive.deposit.LfsTransfers;
import org.stele.archive.deposit.UploadLinks;
import org.stele.archive.metrics.ArchiveMetrics;
import org.stele.domain.ArchiveException;
import org.stele.domain.Digest;
import org.stele.domain.ErrorCode;

/**
 * Where LFS upload links point: a whole object, a part, a multipart completion. No {@code Authorization} is expected
 * (clients send none): the {@code link} credential says what may be stored, for whom, until when. The credential is
 * checked before a byte of the body is read.
 */
@Path("/hf/lfs-uploads/{oid}")
public class LfsUploadResource {
    private final LfsTransfers transfers;
    private final UploadLinks links;
    private final HubErrors errors;
    private final ArchiveMetrics metrics;

    LfsUploadResource(LfsTransfers transfers, UploadLinks links, HubErrors errors, ArchiveMetrics metrics) {
        this.transfers = transfers;
        this.links = links;
        this.errors = errors;
        this.metrics = metrics;
    }

    @PUT
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "LFS upload link: the whole object", description = "Stored only if the bytes hash to the oid.")
    public Response put(@PathParam("oid") String oid, @QueryParam("link") String link) throws IOException {
        UploadLinks.Grant grant = links.check(link, UploadLinks.Purpose.object, digest(oid));
        try (InputStream body = metrics.uploaded(StreamedBody.open())) {
            transfers.put(grant, body);
        }
        return Response.ok().header("ETag", "\"" + grant.digest().hex() + "\"").build();
    }

    @PUT
    @Path("parts/{part}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "LFS upload link: one part", description = "Parts are sent in order; each answer carries the ETag the completion names.")
    public Response part(@PathParam("oid") String oid, @PathParam("part") int part, @QueryParam("link") String link) throws IOException {
        UploadLinks.Grant grant = links.check(link, UploadLinks.Purpose.part, digest(oid));
        if (grant.part() != part) {
            throw new ArchiveException(ErrorCode.UPLOAD_LINK_INVALID, "this upload link is for part " + grant.part() + ", not " + part);
        }
        String etag;
        try (InputStream body = metrics.uploaded(StreamedBody.open())) {
            etag = transfers.putPart(grant, body);
        }
        return Response.ok().header("ETag", etag).build();
    }

    @POST
    @Path("complete")
    @Consumes(MediaType.WILDCARD)
    @Produces(LfsBatchResource.LFS_JSON)
    @Operation(summary = "LFS upload link: complete a multipart upload", description = "The parts become the object if they hash to the oid.")
    public Response complete(@PathParam("oid") String oid, @QueryParam("link") String link) throws IOException {
        UploadLinks.Grant grant = links.check(link, UploadLinks.Purpose.complete, digest(oid));
        transfers.complete(grant);
        return Response.ok(Map.of("oid", grant.digest().hex(), "size", grant.size())).type(LfsBatchResource.LFS_JSON).build();
    }

    @ServerExceptionMapper
    public Response refused(Exception e) {
        return errors.answer(e);
    }

    private static Digest digest(String oid) {
        if (oid == null || !oid.matches("[0-9a-f]{64}")) {
            throw new ArchiveException(ErrorCode.UPLOAD_LINK_INVALID, "this upload link is not valid; ask the LFS batch endpoint for a new one");
        }
        return Digest.parse("sha256:" + oid);
    }
}
