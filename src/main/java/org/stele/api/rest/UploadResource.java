package org.stele.api.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
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
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.stele.api.http.ByteRange;
import org.stele.api.http.StreamedBody;
import org.stele.archive.deposit.UploadSessions;
import org.stele.archive.metrics.ArchiveMetrics;
import org.stele.domain.ArchiveException;
import org.stele.domain.Digest;
import org.stele.domain.ErrorCode;
import org.stele.domain.catalog.UploadSession;

/**
 * Resumable upload sessions: create, append chunks, ask the offset, complete with a digest, cancel. Every write needs
 * a token with the write scope of a user who may deposit (every user may, in his personal namespace); a session
 * answers only to the user who opened it (and admins).
 */
@Path("/api/v1/uploads")
@Tag(name = "Uploads")
public class UploadResource {
    private final UploadSessions sessions;
    private final ArchiveMetrics metrics;

    UploadResource(UploadSessions sessions, ArchiveMetrics metrics) {
        this.sessions = sessions;
        this.metrics = metrics;
    }

    /** A session as the client sees it. */
    public record SessionInfo(String id, long offset, Instant expiresAt) {
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "The session, empty", headers = { @Header(name = "Location", ref = "Location"),
            @Header(name = "Upload-Offset", ref = "Upload-Offset") }, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SessionInfo.class)))
    @Operation(operationId = "openUpload", summary = "Open an upload session")
    public Response create() {
        UploadSession session = sessions.create();
        return Response.status(201).header("Location", "/api/v1/uploads/" + session.id)
                .header("Upload-Offset", 0)
                .entity(new SessionInfo(session.id.toString(), session.offset, session.expiresAt))
                .build();
    }

    @HEAD
    @Path("{id}")
    @SecurityRequirement(name = "bearerAuth")
    @APIResponse(responseCode = "204", description = "The offset", headers = @Header(name = "Upload-Offset", ref = "Upload-Offset"))
    @Operation(operationId = "getUploadOffset",
            summary = "How many bytes the session holds", description = "Answers Upload-Offset to the user who "
            + "opened the session (or an admin); to anyone else the session does not exist.")
    public Response offset(@PathParam("id") String id) {
        UploadSession session = sessions.find(id);
        return Response.noContent().header("Upload-Offset", session.offset).header("Cache-Control", "no-store").build();
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.WILDCARD)
    @RequestBody(required = true, content = @Content(mediaType = "*/*", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "204", description = "Appended", headers = @Header(name = "Upload-Offset", ref = "Upload-Offset"))
    @Operation(operationId = "appendToUpload",
            summary = "Append a chunk", description = "Content-Range: bytes <start>-<end>/* (or /<total>, which must "
            + "exceed <end>) must start at the current offset, otherwise 416 with the current Upload-Offset; a malformed or "
            + "inconsistent one, or numbers past 2^63-1, is 400 invalid_content_range. Without Content-Range the chunk is appended at the offset.")
    public Response append(@PathParam("id") String id, @HeaderParam("Content-Range") String contentRange,
            @Context HttpHeaders headers) throws IOException {
        Optional<ByteRange> range = Optional.ofNullable(contentRange)
                .map(r -> ByteRange.chunk(r, headers.getHeaderString(HttpHeaders.CONTENT_LENGTH)));
        long offset = sessions.append(id, range.map(ByteRange::first), range.map(ByteRange::length),
                () -> metrics.uploaded(StreamedBody.open()));
        return Response.noContent().header("Upload-Offset", offset).header("Location", "/api/v1/uploads/" + id).build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = "*/*", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "201", description = "New content", headers = @Header(name = "Location", ref = "Location"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BlobResource.BlobInfo.class)))
    @APIResponse(responseCode = "200", description = "The content was stored already", headers = @Header(name = "Location", ref = "Location"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BlobResource.BlobInfo.class)))
    @Operation(operationId = "completeUpload",
            summary = "Complete the session", description = "The bytes must hash to ?digest=, otherwise 400 "
            + "digest_mismatch and the session's data is discarded. A body, if any, is appended as the last chunk.")
    public Response complete(@PathParam("id") String id, @QueryParam("digest") String digest)
            throws IOException {
        if (digest == null) {
            throw new ArchiveException(ErrorCode.INVALID_DIGEST, "completing an upload needs ?digest=sha256:<hex>");
        }
        return BlobResource.created(sessions.complete(id, Digest.parse(digest), () -> metrics.uploaded(StreamedBody.open())));
    }

    @DELETE
    @Path("{id}")
    @APIResponse(responseCode = "204", description = "Cancelled")
    @Operation(operationId = "cancelUpload", summary = "Cancel the session and discard its data")
    public Response cancel(@PathParam("id") String id) throws IOException {
        sessions.cancel(id);
        return Response.noContent().build();
    }

}
