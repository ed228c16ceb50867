package org.stele.api.web;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.stele.api.http.ErrorCodes;
import org.stele.api.http.PublicBase;
import org.stele.archive.reading.ModelOverview;
import org.stele.config.SteleConfig;
import org.stele.domain.ArchiveException;

/** Human pages: the home and search page, model pages and the preservation policy. */
@Path("/")
@Tag(name = "Pages")
public class WebResource {
    private final SearchPages searchPages;
    private final ModelOverview overview;
    private final LandingPages pages;
    private final PublicBase publicBase;
    private final Template policy;
    private final SteleConfig config;

    WebResource(SearchPages searchPages, ModelOverview overview, LandingPages pages, PublicBase publicBase,
            @Location("policy.html") Template policy, SteleConfig config) {
        this.searchPages = searchPages;
        this.overview = overview;
        this.pages = pages;
        this.publicBase = publicBase;
        this.policy = policy;
        this.config = config;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @APIResponse(responseCode = "200", description = "The page", content = @Content(mediaType = MediaType.TEXT_HTML,
            schema = @Schema(type = SchemaType.STRING)))
    @Operation(operationId = "homePage", summary = "Home and search page: counts, facets with counts, one page of published "
            + "versions (newest first, or by relevance with q); the filters are those of GET /api/v1/search, plus signed=true|false")
    public Response home(@QueryParam("q") String query, @QueryParam("namespace") String namespace,
            @QueryParam("license") String license, @QueryParam("pipelineTag") String pipelineTag,
            @QueryParam("library") String library, @QueryParam("tag") String tag, @QueryParam("signed") String signed,
            @QueryParam("cursor") String cursor) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("q", query);
        params.put("namespace", namespace);
        params.put("license", license);
        params.put("pipelineTag", pipelineTag);
        params.put("library", library);
        params.put("tag", tag);
        params.put("signed", signed);
        params.put("cursor", cursor);
        try {
            return Response.ok(searchPages.page(params)).build();
        } catch (ArchiveException e) {
            return Response.status(ErrorCodes.status(e)).entity(pages.problem(e)).build();
        }
    }

    @GET
    @Path("models/{namespace}/{name}")
    @Produces(MediaType.TEXT_HTML)
    @APIResponse(responseCode = "200", description = "The page", content = @Content(mediaType = MediaType.TEXT_HTML,
            schema = @Schema(type = SchemaType.STRING)))
    @Operation(operationId = "modelPage", summary = "A model's page with all its versions")
    public Response model(@PathParam("namespace") String namespace, @PathParam("name") String name, @Context UriInfo uri) {
        try {
            return Response.ok(pages.model(overview.of(namespace, name), publicBase.of(uri))).build();
        } catch (ArchiveException e) {
            return Response.status(ErrorCodes.status(e)).entity(pages.problem(e)).build();
        }
    }

    /**
     * The preservation policy, written for readers. The promises that depend on how the operator set the archive up
     * (fixity schedule, a replica store) are stated from the running configuration, so the page is true of this archive.
     */
    @GET
    @Path("preservation-policy")
    @Produces(MediaType.TEXT_HTML)
    @APIResponse(responseCode = "200", description = "The page", content = @Content(mediaType = MediaType.TEXT_HTML,
            schema = @Schema(type = SchemaType.STRING)))
    @Operation(operationId = "preservationPolicyPage",
            summary = "The preservation policy: immutability, fixity, copies, identifiers, withdrawal and takedown, export")
    public Response preservationPolicy(@Context UriInfo uri) {
        return Response.ok(policy.data("base", publicBase.of(uri))
                .data("fixityScheduled", config.fixity().scheduled())
                .data("fixityCycleDays", Math.max(1, config.fixity().cycle().toDays()))
                .data("replica", config.replica().storage().isPresent())).build();
    }
}
