package org.stele.api.oai;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.stele.api.http.PublicBase;

/**
 * The OAI-PMH 2.0 data provider: GET with the arguments in the query, POST with them in an
 * {@code application/x-www-form-urlencoded} body. Always 200 with {@code text/xml}: protocol errors are inside.
 */
@Path("/oai2d")
@Tag(name = "OAI-PMH")
public class OaiPmhResource {
    /** Far more than any legal request (the longest argument is a resumption token of at most 2 kB). */
    private static final int MAX_BODY = 64 * 1024;
    private static final MediaType XML = MediaType.valueOf("text/xml; charset=utf-8");

    private final OaiPmh oai;
    private final PublicBase publicBase;

    OaiPmhResource(OaiPmh oai, PublicBase publicBase) {
        this.oai = oai;
        this.publicBase = publicBase;
    }

    @GET
    @Operation(operationId = "oaiPmh", summary = "OAI-PMH 2.0 request", description = "The verb and its arguments in the "
            + "query (Identify, ListMetadataFormats, ListSets, GetRecord, ListIdentifiers, ListRecords); see docs/oai-pmh.md")
    @APIResponse(responseCode = "200", description = "An OAI-PMH response; errors are <error> elements inside it",
            content = @Content(mediaType = "text/xml", schema = @Schema(type = SchemaType.STRING)))
    public Response get(@Context UriInfo uri, @Context HttpServerRequest request) {
        // The query as sent (Vert.x does not decode it): a malformed escape is the harvester's error, told in OAI terms.
        return answer(OaiArguments.parse(request.query()), uri);
    }

    @POST
    @Operation(operationId = "oaiPmhPost", summary = "OAI-PMH 2.0 request (POST)",
            description = "The verb and its arguments in an application/x-www-form-urlencoded body; any other body is a "
                    + "badArgument error inside the answer")
    @RequestBody(content = @Content(mediaType = "application/x-www-form-urlencoded",
            schema = @Schema(type = SchemaType.STRING, examples = "verb=ListRecords&metadataPrefix=oai_dc")))
    @APIResponse(responseCode = "200", description = "An OAI-PMH response; errors are <error> elements inside it",
            content = @Content(mediaType = "text/xml", schema = @Schema(type = SchemaType.STRING)))
    public Response post(@Context UriInfo uri, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body)
            throws IOException {
        MediaType type = mediaType(contentType);
        if (type == null || !type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
            return answer(OaiArguments.malformed("a POST request carries its arguments as application/x-www-form-urlencoded"), uri);
        }
        byte[] bytes = body == null ? new byte[0] : body.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            return answer(OaiArguments.malformed("the request body is larger than any OAI-PMH request"), uri);
        }
        return answer(OaiArguments.parse(new String(bytes, StandardCharsets.UTF_8)), uri);
    }

    private Response answer(OaiArguments arguments, UriInfo uri) {
        return Response.ok(oai.answer(arguments, publicBase.of(uri)), XML).build();
    }

    private static MediaType mediaType(String header) {
        try {
            return header == null ? null : MediaType.valueOf(header);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
