package org.stele.api.pid;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.stele.api.http.ContentResponses;
import org.stele.api.http.Problem;
import org.stele.api.http.PublicBase;
import org.stele.api.http.RenderedAnswer;
import org.stele.archive.access.Actor;
import org.stele.archive.custody.VersionCustody;
import org.stele.archive.export.Bags;
import org.stele.archive.reading.CatalogCache;
import org.stele.archive.reading.Resolver;
import org.stele.archive.reading.VersionRecord;
import org.stele.domain.ArchiveException;

/** Persistent identifiers resolve here, forever, in the representation the reader asks for. */
@Path("/pid")
@Tag(name = "Resolver")
public class ResolverResource {
    /** The deposit package is a download, not a representation of the record: asked for by ?format= only. */

    private final PublicBase publicBase;
    private final Resolver resolver;
    private final Representations representations;
    private final Bags bags;
    private final Actor actor;
    private final CatalogCache cache;
    private final ObjectMapper json;

    ResolverResource(PublicBase publicBase, Resolver resolver, Representations representations, Bags bags, Actor actor, CatalogCache cache, ObjectMapper json) {
        this.publicBase = publicBase;
        this.bags = bags;
        this.actor = actor;
        this.cache = cache;
        this.json = json;
        this.resolver = resolver;
        this.representations = representations;
    }

    @GET
    @Path("{prefix}/{suffix}")
    @Produces(MediaType.WILDCARD)
    @APIResponse(responseCode = "200", description = "The landing page, the record (of a version, or of a concept with its latest "
            + "version) or a citation format; the version's bag with ?format=bagit", content = {
                    @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(oneOf = { VersionRecord.class, VersionRecord.Concept.class })),
                    @Content(mediaType = Bags.MEDIA_TYPE, schema = @Schema(type = SchemaType.STRING, format = "binary")) })
    @APIResponse(responseCode = "304", description = "Not modified: If-None-Match names the ETag of the answer (every 200 "
            + "carries a strong ETag and Cache-Control: no-cache, public for anonymous readers, private otherwise)")
    @APIResponse(responseCode = "410", description = "The version was withdrawn: its tombstone (JSON), its tombstone page, or the "
            + "refusal of its bag (withdrawn)", content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VersionRecord.Tombstone.class)),
                    @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)) })
    @Operation(operationId = "resolveIdentifier",
            summary = "Resolve an identifier", description = "Content negotiation by Accept or ?format=: html (landing page, "
            + "the default), json (the record; a withdrawn version answers 410 with its tombstone), datacite-xml, datacite-json, "
            + "csl, bibtex, ris, citation (&style=apa|ieee|harvard|chicago-author-date), schemaorg, cff; ?format=bagit streams the "
            + "version (a concept: its latest version) as a BagIt zip.")
    public Response resolve(@PathParam("prefix") String prefix, @PathParam("suffix") String suffix,
            @QueryParam("format") String format, @QueryParam("style") String style, @QueryParam("locale") String locale,
            @HeaderParam("Accept") String accept, @HeaderParam("If-None-Match") String ifNoneMatch, @Context UriInfo uri) {
        if (Bags.FORMAT.equals(format)) {
            return ContentResponses.bag(bags.prepare(resolver.resolve(prefix, suffix), publicBase.of(uri)));
        }
        Negotiation.Choice choice = Negotiation.choose(format, style, locale, accept, true);
        String base = publicBase.of(uri);
        if (actor.token().isPresent()) {
            return RenderedAnswer.of(answer(prefix, suffix, choice, base), json, false).response(ifNoneMatch);
        }
        // Anonymous readers see public models only, and those answers are the same for all of them. A landing page also
        // shows the version's preservation status, which moves with fixity passes, not with the catalog: it keys the page.
        VersionCustody.Preservation custody = choice instanceof Negotiation.Html ? custody(prefix, suffix) : null;
        return cache.get(new CacheKey(prefix, suffix, choice, base, custody), () -> {
            RenderedAnswer answer = RenderedAnswer.of(answer(prefix, suffix, choice, base), json, true);
            return answer.status() >= 400 && answer.status() != 410
                    ? CatalogCache.Computed.personal(answer) // a refusal page: not kept
                    : CatalogCache.Computed.shared(answer, answer.weight());
        }).response(ifNoneMatch);
    }

    @GET
    @Path("{digest}") // not "sha256:{hex}": clients that escape the colon (%3A) would miss a literal
    @Produces(MediaType.WILDCARD)
    @APIResponse(responseCode = "303", description = "The version's identifier, /pid/{prefix}/{suffix}, with the same query: "
            + "it answers as that identifier does", headers = @Header(name = "Location", ref = "Location"))
    @Operation(operationId = "resolveManifestDigest",
            summary = "Resolve a manifest digest", description = "The intrinsic identifier printed beside the persistent one "
            + "resolves to its version: a redirect to the version's identifier (content negotiation and ?format= then apply "
            + "there). Versions holding exactly the same files share a manifest digest: it names the newest published of "
            + "those the caller may see, else the newest withdrawn. 404 identifier_not_found when none; 400 invalid_digest "
            + "when the digest is not 64 hex digits.")
    public Response resolveManifest(@PathParam("digest") String digest, @QueryParam("format") String format,
            @HeaderParam("Accept") String accept, @Context UriInfo uri) {
        if (!digest.startsWith("sha256:")) {
            throw new NotFoundException(); // no identifier has one segment: answered as any unknown path
        }
        String pid;
        try {
            pid = resolver.identifierOf(digest);
        } catch (ArchiveException e) {
            // A browser gets the refusal as a page, as on /pid/{prefix}/{suffix}.
            return representations.refusal(Negotiation.choose(Bags.FORMAT.equals(format) ? null : format, null, null, accept, true), e);
        }
        String query = uri.getRequestUri().getRawQuery();
        // 303: the digest is another name of the version; its identifier is the one address to cite and cache.
        return Response.seeOther(URI.create(publicBase.of(uri) + "/pid/" + pid + (query == null ? "" : "?" + query)))
                .header("Vary", "Accept").build();
    }

    /** What an anonymous answer is cached under; a landing page also under the version's preservation status. */
    record CacheKey(String prefix, String suffix, Negotiation.Choice choice, String base, VersionCustody.Preservation custody) {
    }

    private VersionCustody.Preservation custody(String prefix, String suffix) {
        try {
            return resolver.custody(prefix, suffix).orElse(null);
        } catch (ArchiveException e) {
            return null; // a malformed identifier: the answer refuses it
        }
    }

    private Response answer(String prefix, String suffix, Negotiation.Choice choice, String base) {
        Resolver.Resolution resolution;
        try {
            resolution = resolver.resolve(prefix, suffix);
        } catch (ArchiveException e) {
            return representations.refusal(choice, e);
        }
        return representations.answer(choice, resolution, base, true);
    }
}
