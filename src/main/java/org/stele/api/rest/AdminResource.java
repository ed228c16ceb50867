package org.stele.api.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.stele.api.http.Requests;
import org.stele.archive.preservation.GarbageCollector;
import org.stele.archive.preservation.Takedowns;

/** Preservation operations an archive administrator runs: garbage collection and legal takedowns. Admin token only. */
@Path("/api/v1/admin")
@Tag(name = "Administration")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {
    private final GarbageCollector collector;
    private final Takedowns takedowns;

    AdminResource(GarbageCollector collector, Takedowns takedowns) {
        this.collector = collector;
        this.takedowns = takedowns;
    }

    /** Why a withdrawn version's bytes are removed (a court order, a rights holder's notice…); kept in the audit trail. */
    public record PurgeRequest(String reason) {
    }

    @POST
    @Path("gc")
    @Operation(operationId = "collectGarbage",
            summary = "Collect unreferenced bytes", description = "Deletes blobs no version file (draft, published or "
            + "withdrawn) points at and that have been unreferenced for the grace period (STELE_GC_GRACE_PERIOD, 7 days). "
            + "?dryRun=true only lists them. Each deletion is audited.")
    public GarbageCollector.Report gc(@QueryParam("dryRun") Boolean dryRun) {
        return collector.collect(Boolean.TRUE.equals(dryRun)); // boxed: JAX-RS hands an absent primitive "0" to converters
    }

    @POST
    @Path("models/{namespace}/{name}/versions/{version}/purge")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "purgeVersion",
            summary = "Purge a withdrawn version's bytes (legal takedown)", description = "Needs {\"reason\": …}. Its "
            + "identifier, tombstone and record stay; bytes another version shares are kept. 409 not_withdrawn unless withdrawn.")
    public Takedowns.Purge purge(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @PathParam("version") String version, PurgeRequest body) {
        return takedowns.purge(namespace, name, version, Requests.required(body).reason());
    }
}
