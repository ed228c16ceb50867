package org.stele.api.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.stele.archive.custody.Replication;

/** The replication queue, for administrators. */
@Path("/api/v1/admin/replication")
@Tag(name = "Preservation")
@Produces(MediaType.APPLICATION_JSON)
public class ReplicationResource {
    private final Replication replication;

    ReplicationResource(Replication replication) {
        this.replication = replication;
    }

    @GET
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "getReplicationBacklog",
            summary = "Replication backlog (admin)", description = "Whether a replica store is configured, how many copies "
            + "wait, the oldest, how many failed at least once, and the latest error.")
    public Replication.Backlog backlog() {
        return replication.backlog();
    }
}
