package org.stele.api.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.stele.archive.custody.BlobConditions;
import org.stele.archive.preservation.FixityAudit;
import org.stele.config.SteleConfig;

/** The fixity audit, for administrators: its state, and a pass on demand. */
@Path("/api/v1/admin/fixity")
@Tag(name = "Preservation")
@Produces(MediaType.APPLICATION_JSON)
public class FixityResource {
    private final FixityAudit audit;
    private final BlobConditions conditions;
    private final SteleConfig config;

    FixityResource(FixityAudit audit, BlobConditions conditions, SteleConfig config) {
        this.audit = audit;
        this.conditions = conditions;
        this.config = config;
    }

    /** The pass a request started or found running. */
    public record Started(boolean started, FixityAudit.Pass pass) {
    }

    @GET
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "getFixityReport",
            summary = "Fixity report (admin)", description = "Totals, the running and last passes, and every blob whose "
            + "primary or replica copy failed its last check, with the versions and identifiers it affects.")
    public FixityAudit.FixityReport report() {
        return audit.report();
    }

    @POST
    @Path("run")
    @APIResponse(responseCode = "202", description = "The pass started, or the one running", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Started.class)))
    @Operation(operationId = "startFixityPass",
            summary = "Start a fixity pass now (admin)", description = "202 with the pass; when one is already running, "
            + "that one (started: false), which goes on at the bandwidth cap from now on even if it was a scheduled pass "
            + "paced over the cycle. Progress shows in GET /api/v1/admin/fixity.")
    public Response run() {
        Map.Entry<FixityAudit.Pass, Boolean> pass = audit.start();
        return Response.accepted(new Started(pass.getValue(), pass.getKey())).build();
    }
}
