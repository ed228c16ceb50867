package org.stele.api.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.stele.archive.discovery.Search;
import org.stele.domain.Page;

/** Search over published versions. */
@Path("/api/v1/search")
@Tag(name = "Search")
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {
    private final Search search;

    SearchResource(Search search) {
        this.search = search;
    }

    @GET
    @Operation(operationId = "searchVersions",
            summary = "Search published versions", description = "Full text over title, description, keywords and "
            + "model-card text, similarity on namespace/name; filters on card fields (exact, case-insensitive) and on "
            + "signed=true|false (whether the depositor signed the files). "
            + "sort=relevance (default with q) or published (newest first). Relevance ranks the newest matches (500 unless "
            + "the archive sets stele.search.ranked), so a query costs the same however many versions it matches; older "
            + "matches follow, newest first, each match listed once. Keyset pagination: pass nextCursor back "
            + "as ?cursor= with the same query; limit 1 to 100 (default 20).")
    public Page<Search.Hit> search(@QueryParam("q") String q, @QueryParam("namespace") String namespace,
            @QueryParam("license") String license, @QueryParam("tag") String tag, @QueryParam("library") String library,
            @QueryParam("pipelineTag") String pipelineTag, @QueryParam("baseModel") String baseModel,
            @QueryParam("dataset") String dataset, @QueryParam("sort") String sort, @QueryParam("cursor") String cursor,
            @QueryParam("limit") Integer limit, @QueryParam("signed") Boolean signed) {
        return search.find(new Search.Query(q, namespace, license, tag, library, pipelineTag, baseModel, dataset, sort, cursor, limit, signed));
    }
}
