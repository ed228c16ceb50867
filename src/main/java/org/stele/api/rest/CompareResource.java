package org.stele.api.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.stele.archive.reading.VersionComparison;

/** What changed between two versions of a model, as JSON; the same comparison as the page at /models/{ns}/{name}/compare. */
@Path("/api/v1/models/{namespace}/{name}/compare")
@Tag(name = "Versions")
@Produces(MediaType.APPLICATION_JSON)
public class CompareResource {
    private final VersionComparison comparison;

    CompareResource(VersionComparison comparison) {
        this.comparison = comparison;
    }

    @GET
    @Operation(operationId = "compareVersions", summary = "Compare two versions of a model",
            description = "Files added, removed and changed (by SHA-256), size and parameter deltas, and the changed metadata "
            + "and model-card fields, from one version (label or alias) to another. 400 invalid_request without both from "
            + "and to; 404 version_not_found for a version that does not exist or that the caller may not see (a draft).")
    public VersionComparison.Comparison compare(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @QueryParam("from") String from, @QueryParam("to") String to) {
        return comparison.compare(namespace, name, from, to);
    }
}
