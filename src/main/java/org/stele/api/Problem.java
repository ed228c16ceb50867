package org.stele.api;

import jakarta.ws.rs.core.Response;
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

    static Response response(ArchiveException e) {
        Response.ResponseBuilder answer = Response.status(e.status())
                .type(MEDIA_TYPE)
                .entity(of(e.status(), e.code(), e.title(), e.getMessage()));
        e.headers().forEach(answer::header);
        if (e.status() == 401) {
            answer.header("WWW-Authenticate", "Bearer realm=\"stele\"");
        }
        return answer.build();
    }
}
