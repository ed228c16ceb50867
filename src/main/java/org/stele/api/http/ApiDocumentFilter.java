package org.stele.api.http;

import static org.eclipse.microprofile.openapi.models.PathItem.HttpMethod.DELETE;
import static org.eclipse.microprofile.openapi.models.PathItem.HttpMethod.GET;
import static org.eclipse.microprofile.openapi.models.PathItem.HttpMethod.HEAD;
import static org.eclipse.microprofile.openapi.models.PathItem.HttpMethod.OPTIONS;
import static org.eclipse.microprofile.openapi.models.PathItem.HttpMethod.PATCH;
import static org.eclipse.microprofile.openapi.models.PathItem.HttpMethod.POST;
import static org.eclipse.microprofile.openapi.models.PathItem.HttpMethod.PUT;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.stele.archive.citation.CitationFormat;
import org.stele.archive.export.Bags;

/**
 * Completes the scanned API document with what the code decides in one place rather than per method
 * ({@code mp.openapi.filter}; it runs at build time, so {@code openapi/} holds its result):
 * <ul>
 * <li>who needs a bearer token: under {@code /api} every write, as {@link WriteAccessFilter} enforces, and the reads
 * that declare {@code @SecurityRequirement(name = "bearerAuth")} because their use case checks the caller first; everywhere
 * else a token is optional;</li>
 * <li>the problem+json refusals ({@link ProblemMapper}) an operation can answer, by the rules in {@link #REFUSALS};</li>
 * <li>every citation format, for operations answering a record by content negotiation ({@link Negotiation}).</li>
 * </ul>
 * A response a method declares itself is left as it is.
 */
public class ApiDocumentFilter implements OASFilter {
    static final String BEARER = "bearerAuth";
    private static final String HTML = "text/html";
    private static final String JSON = "application/json";

    private static final Set<PathItem.HttpMethod> READS = EnumSet.of(GET, HEAD, OPTIONS);
    /** Refusals raised while finding what to answer, which an operation answering HTML renders as a page. */
    private static final Set<String> PAGE_REFUSALS = Set.of("400", "403", "404", "410");

    /** One operation where it stands, as the rules see it. */
    private record Endpoint(PathItem.HttpMethod method, String path, Operation operation, boolean needsToken) {
        boolean api() {
            return path.startsWith("/api/");
        }

        boolean write() {
            return !READS.contains(method);
        }

        boolean takesInput() {
            return operation.getRequestBody() != null || (operation.getParameters() != null && !operation.getParameters().isEmpty());
        }

        boolean takesJson() {
            return operation.getRequestBody() != null && operation.getRequestBody().getContent() != null
                    && operation.getRequestBody().getContent().hasMediaType(JSON);
        }

        /** Whether a successful answer can be of this media type. */
        boolean answers(String mediaType) {
            return successes().stream().anyMatch(r -> r.getContent() != null && r.getContent().hasMediaType(mediaType));
        }

        /** A page for people: every successful answer is HTML. */
        boolean page() {
            return successes().stream().allMatch(r -> r.getContent() != null && r.getContent().getMediaTypes().keySet().equals(Set.of(HTML)));
        }

        /** Stored bytes, answered with ranges and conditions ({@link ContentResponses}). */
        boolean readsBytes() {
            return !write() && (path.endsWith("/files/{path}") || path.equals("/api/v1/blobs/{digest}"));
        }

        boolean readsBag() {
            return !write() && path.endsWith("/bag");
        }

        boolean resolves() {
            return path.startsWith("/pid/");
        }

        /** OAI-PMH: protocol errors are inside a 200, but a request the HTTP layer cannot read is a 400 problem. */
        boolean harvests() {
            return path.equals("/oai2d");
        }

        boolean writesUnder(String... prefixes) {
            return write() && List.of(prefixes).stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
        }

        boolean is(PathItem.HttpMethod m, String p) {
            return method == m && path.equals(p);
        }

        private List<APIResponse> successes() {
            return operation.getResponses().getAPIResponses().entrySet().stream().filter(e -> e.getKey().startsWith("2"))
                    .map(Map.Entry::getValue).toList();
        }
    }

    /** A refusal some operations can answer, and which; {@code name} is its entry in components/responses. */
    private record Refusal(String status, String name, String description, Predicate<Endpoint> applies) {
    }

    private static final List<Refusal> REFUSALS = List.of(
            new Refusal("400", "BadRequest", "Bad request: a body, name or parameter the operation cannot take "
                    + "(invalid_request, invalid_json, invalid_path, invalid_digest, digest_mismatch, invalid_…).",
                    e -> (e.api() && e.takesInput()) || e.harvests()),
            new Refusal("401", "Unauthenticated", "Unauthenticated: no bearer token where the operation needs one, or one "
                    + "that is unknown, expired or revoked (checked on every request under /api). With WWW-Authenticate.",
                    Endpoint::api),
            new Refusal("403", "Forbidden", "Forbidden: the user lacks the role (forbidden), or the token the scope or "
                    + "namespace (insufficient_scope); files under embargo (embargoed, with Retry-After).",
                    e -> (e.api() && (e.needsToken() || e.path().startsWith("/api/v1/models/{namespace}/{name}"))) || e.resolves()),
            new Refusal("404", "NotFound", "Not found: what the path names does not exist, or the caller may not know that "
                    + "it does (restricted models, drafts, other users' sessions).",
                    e -> e.path().contains("{")),
            new Refusal("406", "NotAcceptable", "Not acceptable: none of the representations asked for (Accept, ?format=, "
                    + "?style=) can be served; the supported ones are listed.",
                    e -> e.answers(HTML)),
            new Refusal("409", "Conflict", "Conflict: the current state does not allow it (…_exists, version_immutable, "
                    + "already_published, not_published, version_not_published, not_withdrawn, last_owner, "
                    + "upload_completing), or a concurrent request did the same first (conflict).",
                    e -> e.writesUnder("/api/v1/models", "/api/v1/namespaces", "/api/v1/users", "/api/v1/admin/models")
                            || e.is(PUT, "/api/v1/uploads/{id}") || e.is(DELETE, "/api/v1/uploads/{id}")
                            || e.readsBag() || e.resolves()),
            new Refusal("410", "Gone", "Gone: the version was withdrawn (withdrawn), or a takedown removed its bytes "
                    + "(blob_purged).",
                    e -> e.readsBytes() || e.readsBag() || e.resolves()
                            || e.is(POST, "/api/v1/models/{namespace}/{name}/versions/{version}/files")),
            new Refusal("413", "BodyTooLarge", "Request body too large: a Content-Length over the server's limit "
                    + "(body_too_large); the connection is closed.",
                    e -> e.api() && e.operation().getRequestBody() != null),
            new Refusal("415", "UnsupportedMediaType", "Unsupported media type: the body must be application/json.",
                    Endpoint::takesJson),
            new Refusal("416", "RangeNotSatisfiable", "Range not satisfiable (range_not_satisfiable, with Content-Range: "
                    + "bytes */<size>), or a chunk that does not start at the session's offset (offset_mismatch, with "
                    + "Upload-Offset).",
                    e -> e.readsBytes() || e.is(PATCH, "/api/v1/uploads/{id}")),
            new Refusal("422", "SignatureRefused", "Unprocessable: the draft's model.sig (a depositor's model_signing "
                    + "signature) does not verify against its files, names an unknown or revoked key, or is of a kind "
                    + "this archive cannot verify; the version stays a draft.",
                    e -> e.is(POST, "/api/v1/models/{namespace}/{name}/versions/{version}/publish")),
            new Refusal("429", "TooManyFailedAuthentications", "Too many failed authentications from this address "
                    + "(too_many_failures), with Retry-After.",
                    Endpoint::api),
            new Refusal("500", "InternalError", "Internal error (internal_error), or stored bytes found damaged "
                    + "(integrity_error): they are not served until repaired.",
                    e -> true),
            new Refusal("503", "Unavailable", "The catalog database (catalog_unavailable) or blob storage (storage_unavailable, "
                    + "with Retry-After) did not answer in time; nothing was changed: try again.",
                    e -> e.readsBytes() || e.readsBag() || e.resolves() || (e.api() && e.write())));

    /** The codes the one table answers with this status, so the document never lists a code that is not there. */
    private static String codes(String status) {
        String codes = java.util.Arrays.stream(org.stele.domain.ErrorCode.values())
                .filter(code -> String.valueOf(ErrorCodes.of(code).status()).equals(status))
                .map(org.stele.domain.ErrorCode::code).collect(java.util.stream.Collectors.joining(", "));
        return codes.isEmpty() ? "" : " Codes: " + codes + ".";
    }

    @Override
    public void filterOpenAPI(OpenAPI document) {
        if (document.getComponents() == null || document.getComponents().getSchemas() == null
                || !document.getComponents().getSchemas().containsKey("Problem") || document.getComponents().getSecuritySchemes() == null
                || !document.getComponents().getSecuritySchemes().containsKey(BEARER)) {
            throw new IllegalStateException("the API document needs the Problem schema and the " + BEARER + " scheme");
        }
        for (Refusal refusal : REFUSALS) {
            document.getComponents().addResponse(refusal.name(), OASFactory.createAPIResponse()
                    .description(refusal.description() + codes(refusal.status()))
                    .content(problem(OASFactory.createContent())));
        }
        document.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
            Endpoint endpoint = new Endpoint(method, path, operation, needsToken(method, path, operation));
            operation.setSecurity(endpoint.needsToken() ? List.of(bearer()) : List.of(bearer(), OASFactory.createSecurityRequirement()));
            representations(endpoint);
            presigned(endpoint);
            for (Refusal refusal : REFUSALS) {
                APIResponse declared = operation.getResponses().getAPIResponse(refusal.status());
                boolean undeclared = declared == null || (declared.getRef() == null && declared.getContent() == null);
                if (refusal.applies().test(endpoint) && undeclared) {
                    operation.getResponses().addAPIResponse(refusal.status(), refusal(endpoint, refusal));
                }
            }
        }));
        anyJsonValue(document, "FieldChange", "from", "to");
    }

    /** A GET of stored bytes may be sent to storage instead ({@link PresignedDownloads}): its parameter and its 307. */
    private static void presigned(Endpoint endpoint) {
        List<Parameter> parameters = endpoint.operation().getParameters() == null ? List.of() : endpoint.operation().getParameters();
        if (!endpoint.readsBytes() || endpoint.method() != GET
                || parameters.stream().anyMatch(p -> PresignedDownloads.PARAMETER.equals(p.getName()))) {
            return;
        }
        endpoint.operation().addParameter(OASFactory.createParameter().name(PresignedDownloads.PARAMETER)
                .in(Parameter.In.QUERY).required(false)
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING).enumeration(List.<Object>of("presigned", "none")))
                .description("presigned: answer with a 307 to a short-lived storage link when the archive allows it "
                        + "(stele.downloads.presigned-redirect) and the content is anyone's; none: send the bytes, verified, "
                        + "even where the archive redirects by default. Anything else is 400 invalid_redirect."));
        endpoint.operation().getResponses().addAPIResponse("307", OASFactory.createAPIResponse()
                .description("The bytes are at Location, a presigned storage link valid for a few minutes (Range works "
                        + "there too); ETag and Repr-Digest say what they must hash to, for the service does not verify "
                        + "that transfer.")
                .addHeader("Location", OASFactory.createHeader().schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)))
                .addHeader("Repr-Digest", OASFactory.createHeader().schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING))));
    }

    /** Properties typed {@code Object} in Java hold whatever JSON the record or card holds; say so rather than nothing. */
    private static void anyJsonValue(OpenAPI document, String component, String... properties) {
        Schema schema = document.getComponents().getSchemas().get(component);
        for (String property : schema == null ? new String[0] : properties) {
            Schema value = schema.getProperties().get(property);
            if (value != null) {
                value.setType(List.of(Schema.SchemaType.STRING, Schema.SchemaType.NUMBER, Schema.SchemaType.BOOLEAN,
                        Schema.SchemaType.ARRAY, Schema.SchemaType.OBJECT, Schema.SchemaType.NULL));
                value.setDescription("any JSON value: the field's value in that version, null when it has none");
            }
        }
    }

    /**
     * Whether an operation needs a token. Run again on its own output, the filter changes nothing: there the answer is a
     * bearer requirement without the anonymous alternative.
     */
    private static boolean needsToken(PathItem.HttpMethod method, String path, Operation operation) {
        List<SecurityRequirement> declared = operation.getSecurity();
        boolean declaredRequired = declared != null && !declared.isEmpty()
                && declared.stream().noneMatch(r -> r.getSchemes() == null || r.getSchemes().isEmpty());
        return declaredRequired || (path.startsWith("/api/") && !READS.contains(method));
    }

    private static SecurityRequirement bearer() {
        return OASFactory.createSecurityRequirement().addScheme(BEARER);
    }

    /** The shared problem+json refusal; an operation answering HTML may answer it as a page instead (pages: always). */
    private static APIResponse refusal(Endpoint endpoint, Refusal refusal) {
        if (!endpoint.answers(HTML) || !PAGE_REFUSALS.contains(refusal.status())) {
            return OASFactory.createAPIResponse().ref(refusal.name());
        }
        Content content = endpoint.page() ? OASFactory.createContent() : problem(OASFactory.createContent());
        content.addMediaType(HTML, OASFactory.createMediaType().schema(text("The refusal as a page")));
        return OASFactory.createAPIResponse().description(refusal.description()).content(content);
    }

    private static Content problem(Content content) {
        return content.addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem")));
    }

    /** A record answered by content negotiation is answered in every citation format too, named in ?format=. */
    private static void representations(Endpoint endpoint) {
        APIResponse ok = endpoint.operation().getResponses().getAPIResponse("200");
        if (ok == null || !endpoint.answers(HTML) || !endpoint.answers(JSON)) {
            return;
        }
        List<String> formats = new ArrayList<>(List.of("html", "json"));
        for (CitationFormat format : CitationFormat.values()) {
            formats.add(format.formatName());
            if (!ok.getContent().hasMediaType(format.mediaType())) {
                Schema schema = format.mediaType().endsWith("json")
                        ? OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).additionalPropertiesBoolean(true)
                                .description("?format=" + format.formatName())
                        : text("?format=" + format.formatName());
                ok.getContent().addMediaType(format.mediaType(), OASFactory.createMediaType().schema(schema));
            }
        }
        if (ok.getContent().hasMediaType(Bags.MEDIA_TYPE)) {
            formats.add(Bags.FORMAT);
        }
        for (Parameter parameter : endpoint.operation().getParameters() == null ? List.<Parameter>of() : endpoint.operation().getParameters()) {
            if ("format".equals(parameter.getName()) && parameter.getSchema() != null) {
                parameter.getSchema().setEnumeration(new ArrayList<>(formats));
                parameter.setDescription("The representation, instead of Accept.");
            }
        }
    }

    private static Schema text(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }
}
