package org.stele.api.pid;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.stele.api.http.ErrorCodes;
import org.stele.api.web.LandingPages;
import org.stele.archive.citation.CitationFormat;
import org.stele.archive.citation.Citations;
import org.stele.archive.reading.Resolver;
import org.stele.archive.reading.VersionRecord;
import org.stele.archive.reading.VersionView;
import org.stele.archive.registration.RegisteredDois;
import org.stele.archive.registration.Registration;
import org.stele.config.SteleConfig;
import org.stele.domain.ArchiveException;

/**
 * Answers a resolved identifier in the representation negotiated for it, with Signposting {@code Link}
 * headers (cite-as, describedby, item, type) so machines find the citation, metadata and files.
 */
@ApplicationScoped
public class Representations {
    private final LandingPages pages;
    private final SteleConfig config;
    private final RegisteredDois dois;
    private final Registration registration;

    Representations(LandingPages pages, SteleConfig config, RegisteredDois dois, Registration registration) {
        this.pages = pages;
        this.config = config;
        this.dois = dois;
        this.registration = registration;
    }

    /** The archive's public address: configured, or the one this request came in on. */

    /**
     * @param resolverSurface true on {@code /pid}: JSON of a withdrawn version is its tombstone, with 410;
     *                        the API surface answers the full record, marked withdrawn
     */
    public Response answer(Negotiation.Choice choice, Resolver.Resolution resolution, String base, boolean resolverSurface) {
        Citations citations = new Citations(base, "Stele", dois::findable);
        Response.ResponseBuilder answer;
        if (choice instanceof Negotiation.Html) {
            answer = Response.status(resolution.withdrawn() ? 410 : 200).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
                    .entity(pages.page(resolution, base));
        } else if (choice instanceof Negotiation.Json) {
            boolean tombstone = resolverSurface && resolution.withdrawn();
            // The resolver answers the record exactly as stored; the native API adds the live preservation status and,
            // for the namespace's owners, the identifier's registration at DataCite.
            Object record = resolverSurface || resolution.isConcept() ? resolution.citable()
                    : new VersionAnswer(new VersionView(resolution.version(), resolution.preservation()),
                            registration.statusFor(resolution.pid(), resolution.version().namespace()).orElse(null));
            answer = Response.status(tombstone ? 410 : 200).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(tombstone ? resolution.tombstone() : record);
        } else {
            Negotiation.Cite cite = (Negotiation.Cite) choice;
            String body = citations.render(cite.format(), resolution.citable(), cite.style(), cite.locale());
            String suffix = resolution.pid().substring(resolution.pid().indexOf('/') + 1);
            answer = Response.ok(body).type(mediaType(cite.format()))
                    .header("Content-Disposition", "attachment; filename=\"" + suffix + "." + cite.format().extension() + "\"");
        }
        return answer.header("Vary", "Accept").header("Link", links(resolution, base, citations)).build();
    }

    /** The HTML page for a refusal when a browser asked, else the problem+json the mapper gives. */
    public Response refusal(Negotiation.Choice choice, ArchiveException e) {
        if (choice instanceof Negotiation.Html) {
            return Response.status(ErrorCodes.status(e)).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).entity(pages.problem(e)).build();
        }
        throw e;
    }

    private static String mediaType(CitationFormat format) {
        String type = format.mediaType();
        return type.startsWith("text/") || type.equals("application/x-bibtex") || type.equals("application/x-research-info-systems")
                || type.equals("application/x-cff") ? type + "; charset=utf-8" : type;
    }

    private static String links(Resolver.Resolution resolution, String base, Citations citations) {
        String pidUrl = base + "/pid/" + resolution.pid();
        List<String> links = new ArrayList<>();
        // cite-as: doi.org only for a registered DOI, else the resolver itself.
        links.add("<" + citations.identifierUrl(resolution.pid()) + ">; rel=\"cite-as\"");
        links.add("<" + pidUrl + "?format=json>; rel=\"describedby\"; type=\"application/json\"");
        for (CitationFormat f : CitationFormat.values()) {
            links.add("<" + pidUrl + "?format=" + f.formatName() + ">; rel=\"describedby\"; type=\"" + f.mediaType() + "\"");
        }
        if (!resolution.isConcept() && !resolution.withdrawn()) {
            VersionRecord v = resolution.version();
            String files = base + "/api/v1/models/" + v.namespace() + "/" + v.name() + "/versions/" + v.version() + "/files/";
            for (VersionRecord.FileEntry f : v.files()) {
                links.add("<" + files + org.stele.api.web.LandingPages.encodePath(f.path()) + ">; rel=\"item\"; type=\"" + f.mediaType() + "\"");
            }
        }
        links.add("<https://schema.org/SoftwareSourceCode>; rel=\"type\"");
        links.add("<https://schema.org/AboutPage>; rel=\"type\"");
        return String.join(", ", links);
    }
}
