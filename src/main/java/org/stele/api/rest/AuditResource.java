package org.stele.api.rest;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.stele.archive.access.AuditTrail;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;
import org.stele.domain.Page;

/** The audit trail, read-only: there is no way to change or remove an event. */
@Path("/api/v1/audit")
@Tag(name = "Audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    static final int MAX_LIMIT = 500;

    private final AuditTrail trail;

    AuditResource(AuditTrail trail) {
        this.trail = trail;
    }

    @GET
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "listAuditEvents",
            summary = "Audit events, oldest first", description = "Admins see all; a namespace's owners see its events "
            + "with ?namespace= (read scope). Filters: target (exact), since (RFC 3339). Keyset pagination: pass nextCursor "
            + "back as ?cursor=; limit 1 to 500 (default 100).")
    public Page<AuditTrail.Event> events(@QueryParam("namespace") String namespace, @QueryParam("target") String target,
            @QueryParam("since") String since, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ArchiveException(ErrorCode.INVALID_LIMIT, "limit is 1 to " + MAX_LIMIT);
        }
        return trail.find(Optional.ofNullable(namespace).filter(s -> !s.isBlank()), Optional.ofNullable(target).filter(s -> !s.isBlank()),
                Optional.ofNullable(since).filter(s -> !s.isBlank()).map(AuditResource::instant), Optional.ofNullable(cursor), limit);
    }

    private static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ArchiveException(ErrorCode.INVALID_SINCE, "since is an RFC 3339 instant, e.g. 2030-01-01T00:00:00Z");
        }
    }
}
