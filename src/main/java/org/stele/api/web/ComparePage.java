package org.stele.api.web;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.stele.api.http.ErrorCodes;
import org.stele.archive.reading.Resolver;
import org.stele.archive.reading.VersionComparison;
import org.stele.archive.reading.VersionRecord;
import org.stele.domain.ArchiveException;

/** The page comparing two versions of a model; without both, a form to choose them. */
@Path("/models/{namespace}/{name}/compare")
@Tag(name = "Pages")
public class ComparePage {
    private final Template compare;
    private final VersionComparison comparison;
    private final Resolver resolver;
    private final LandingPages pages;

    ComparePage(@Location("compare.html") Template compare, VersionComparison comparison, Resolver resolver, LandingPages pages) {
        this.compare = compare;
        this.comparison = comparison;
        this.resolver = resolver;
        this.pages = pages;
    }

    /** A line of the changed-files table. */
    public record Row(String path, String change, String size, String digest) {
    }

    /** A version to choose in the form. */
    public record Choice(String label, boolean withdrawn) {
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @APIResponse(responseCode = "200", description = "The page", content = @Content(mediaType = MediaType.TEXT_HTML,
            schema = @Schema(type = SchemaType.STRING)))
    @Operation(operationId = "comparePage", summary = "Two versions of a model compared (GET /api/v1/models/{ns}/{name}/compare as a page)")
    public Response page(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @QueryParam("from") String from, @QueryParam("to") String to) {
        try {
            VersionRecord.Concept concept = resolver.model(namespace, name).concept();
            String repoId = concept.namespace() + "/" + concept.name();
            List<Choice> versions = concept.versions().stream().map(v -> new Choice(v.version(), "withdrawn".equals(v.state()))).toList();
            TemplateInstance page = compare.data("repoId", repoId).data("versions", versions);
            if (from == null && to == null) {
                return Response.ok(page.data("c", null)).build();
            }
            VersionComparison.Comparison c = comparison.compare(namespace, name, from, to);
            return Response.ok(page.data("c", c).data("rows", rows(c))
                    .data("sizeFrom", LandingPages.humanSize(c.from().size())).data("sizeTo", LandingPages.humanSize(c.to().size()))
                    .data("sizeDelta", signed(c.sizeDelta()) + " bytes")
                    .data("parameterDelta", c.parameterDelta() == null ? null
                            : String.format(Locale.ROOT, "%,d → %,d (%s)", c.from().parameterCount(), c.to().parameterCount(),
                                    signed(c.parameterDelta())))
                    .data("jsonHref", "/api/v1/models/" + repoId + "/compare?from=" + query(c.from().version()) + "&to="
                            + query(c.to().version())))
                    .build();
        } catch (ArchiveException e) {
            return Response.status(ErrorCodes.status(e)).entity(pages.problem(e)).build();
        }
    }

    private static List<Row> rows(VersionComparison.Comparison c) {
        List<Row> rows = new ArrayList<>();
        c.added().forEach(f -> rows.add(new Row(f.path(), "added", LandingPages.humanSize(f.toSize()), hex(f.toDigest()))));
        c.removed().forEach(f -> rows.add(new Row(f.path(), "removed", LandingPages.humanSize(f.fromSize()), hex(f.fromDigest()))));
        c.changed().forEach(f -> rows.add(new Row(f.path(), "changed", LandingPages.humanSize(f.fromSize()) + " → "
                + LandingPages.humanSize(f.toSize()), hex(f.fromDigest()) + " → " + hex(f.toDigest()))));
        rows.sort(java.util.Comparator.comparing(Row::path));
        return rows;
    }

    private static String hex(String digest) {
        return digest.substring(digest.indexOf(':') + 1);
    }

    private static String signed(long n) {
        return String.format(Locale.ROOT, "%+,d", n);
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
