package org.stele.api.http;

import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.stele.domain.ArchiveException;

/** RFC 9457 problem details, with Stele's stable {@code code} for machines. */
@Schema(name = "Problem", description = "RFC 9457 problem details (application/problem+json). Switch on code, which is "
        + "stable; title and detail are for people.")
public record Problem(
        @Schema(required = true, description = "urn:stele:problem:<code>") String type,
        @Schema(required = true, description = "A short summary of the kind of problem") String title,
        @Schema(required = true, description = "The HTTP status code") int status,
        @Schema(description = "What went wrong in this case") String detail,
        @Schema(required = true, description = "Stele's stable code, e.g. version_exists") String code) {
    public static final String MEDIA_TYPE = "application/problem+json";

    static Problem of(int status, String code, String title, String detail) {
        return new Problem("urn:stele:problem:" + code, title, status, detail, code);
    }

    /** The problem document of a refusal, status and title from {@link ErrorCodes}. */
    public static Problem of(ArchiveException e) {
        return of(ErrorCodes.status(e), e.code(), ErrorCodes.title(e), e.getMessage());
    }

    static Response response(ArchiveException e) {
        int status = ErrorCodes.status(e);
        Response.ResponseBuilder answer = Response.status(status)
                .type(MEDIA_TYPE)
                .entity(of(e));
        headers(e).forEach(answer::header);
        if (status == 401) {
            answer.header("WWW-Authenticate", "Bearer realm=\"stele\"");
        }
        return answer.build();
    }

    /** Answers a refusal from a Vert.x route, where no JAX-RS mapper runs (checks made before routing). */
    static void end(io.vertx.ext.web.RoutingContext context, com.fasterxml.jackson.databind.ObjectMapper json, ArchiveException e) {
        try {
            context.response().setStatusCode(ErrorCodes.status(e)).putHeader("Content-Type", MEDIA_TYPE)
                    .end(json.writeValueAsString(of(e)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
            context.fail(impossible);
        }
    }

    /** The response headers that carry a refusal's facts. */
    public static Map<String, String> headers(ArchiveException e) {
        Map<String, String> headers = new LinkedHashMap<>();
        e.facts().forEach((fact, value) -> headers.put(switch (fact) {
            case "retryAfterSeconds" -> "Retry-After";
            case "uploadOffset" -> "Upload-Offset";
            case "contentRange" -> "Content-Range";
            case "commit" -> "X-Repo-Commit";
            default -> throw new IllegalArgumentException("no header carries the fact " + fact);
        }, value));
        return headers;
    }
}
