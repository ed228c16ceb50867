package org.stele.api.http;

import jakarta.ws.rs.core.Response;
import org.stele.domain.ArchiveException;

/** RFC 9457 problem details, with Stele's stable {@code code} for machines. */
public record Problem(String type, String title, int status, String detail, String code) {
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
