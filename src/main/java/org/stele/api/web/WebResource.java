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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.stele.api.http.ErrorCodes;
import org.stele.api.http.PublicBase;
import org.stele.archive.deposit.Models;
import org.stele.archive.discovery.Search;
import org.stele.archive.reading.Resolver;
import org.stele.config.SteleConfig;
import org.stele.domain.ArchiveException;

/** Human pages: the home page with recent publications, model pages and the preservation policy. */
@Path("/")
@Tag(name = "Pages")
public class WebResource {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private final Template home;
    private final Models models;
    private final Resolver resolver;
    private final LandingPages pages;
    private final PublicBase publicBase;
    private final Search search;
    private final Template policy;
    private final SteleConfig config;

    WebResource(@Location("home.html") Template home, Models models, Resolver resolver, LandingPages pages,
            PublicBase publicBase, Search search, @Location("policy.html") Template policy, SteleConfig config) {
        this.search = search;
        this.policy = policy;
        this.config = config;
        this.home = home;
        this.models = models;
        this.resolver = resolver;
        this.pages = pages;
        this.publicBase = publicBase;
    }

    /** A line of the home page. */
    public record Entry(String title, String repoId, String label, String href, String date) {
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @APIResponse(responseCode = "200", description = "The page", content = @Content(mediaType = MediaType.TEXT_HTML,
            schema = @Schema(type = SchemaType.STRING)))
    @Operation(operationId = "homePage",
            summary = "Home page: recent publications, or search results (GET /api/v1/search) for ?q=")
    public Response home(@QueryParam("q") String query) {
        boolean searching = query != null && !query.isBlank();
        List<Entry> entries = searching
                ? search.find(new Search.Query(query.trim(), null, null, null, null, null, null, null, null, null, 50)).items().stream()
                        .map(h -> new Entry(h.title(), h.namespace() + "/" + h.name(), h.version(), "/pid/" + h.pid(),
                                DATE.format(h.publishedAt())))
                        .toList()
                : models.recentPublications(20).stream()
                        .map(l -> new Entry(l.title(), l.repoId(), l.label(), l.label() == null ? "/models/" + l.repoId() : "/pid/" + l.pid(),
                                l.publishedAt() == null ? null : DATE.format(l.publishedAt())))
                        .toList();
        return Response.ok(home.data("entries", entries).data("query", searching ? query.trim() : null)).build();
    }

    @GET
    @Path("models/{namespace}/{name}")
    @Produces(MediaType.TEXT_HTML)
    @APIResponse(responseCode = "200", description = "The page", content = @Content(mediaType = MediaType.TEXT_HTML,
            schema = @Schema(type = SchemaType.STRING)))
    @Operation(operationId = "modelPage", summary = "A model's page with all its versions")
    public Response model(@PathParam("namespace") String namespace, @PathParam("name") String name, @Context UriInfo uri) {
        try {
            return Response.ok(pages.page(resolver.model(namespace, name), publicBase.of(uri))).build();
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
