package org.stele.api.oci;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stele.api.http.ErrorCodes;
import org.stele.api.http.Problem;
import org.stele.api.http.ProblemMapper;
import org.stele.api.http.WriteAccessFilter;
import org.stele.domain.ArchiveException;

/**
 * Refusals in the OCI Distribution shape, {@code {"errors":[{"code","message","detail"}]}}, which registry clients
 * print: the status is the archive's (410 withdrawn, 403 embargoed, 500 damaged, as on every surface), the code the
 * protocol's, and {@code detail.code} the archive's stable code. A 401 carries the Basic challenge clients answer with
 * a user name and an archive token.
 */
@ApplicationScoped
public class OciErrors {
    private final ProblemMapper problems;

    OciErrors(ProblemMapper problems) {
        this.problems = problems;
    }

    /** The error body. */
    public record Body(List<Error> errors) {
    }

    public record Error(String code, String message, Map<String, String> detail) {
    }

    Response answer(Throwable failure) {
        if (failure instanceof ArchiveException e) {
            return archive(e);
        }
        Response problem = failure instanceof WebApplicationException web ? problems.web(web)
                : failure instanceof Exception e ? problems.unexpected(e) : problems.unexpected(new RuntimeException(failure));
        Problem body = (Problem) problem.getEntity();
        return answer(problem.getStatus(), protocolCode(problem.getStatus()), body.detail(), Map.of("code", body.code()), Map.of());
    }

    Response archive(ArchiveException e) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("code", e.code());
        return answer(ErrorCodes.status(e), protocolCode(e), e.getMessage(), detail, Problem.headers(e));
    }

    static Response answer(int status, String code, String message, Map<String, String> detail, Map<String, String> headers) {
        Response.ResponseBuilder answer = Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new Body(List.of(new Error(code, message, detail))));
        headers.forEach(answer::header);
        if (status == 401) {
            answer.header("WWW-Authenticate", WriteAccessFilter.REGISTRY_CHALLENGE);
        }
        return answer.build();
    }

    /** The protocol's code for a refusal; the distribution-only ones where the protocol has none. */
    static String protocolCode(ArchiveException e) {
        return switch (e.errorCode()) {
            case UNAUTHENTICATED -> "UNAUTHORIZED";
            case MODEL_NOT_FOUND, NAMESPACE_NOT_FOUND, REPO_NOT_FOUND, NOT_FOUND -> "NAME_UNKNOWN";
            case VERSION_NOT_FOUND -> "MANIFEST_UNKNOWN";
            case BLOB_NOT_FOUND -> "BLOB_UNKNOWN";
            case INVALID_DIGEST -> "DIGEST_INVALID";
            case INVALID_NAME -> "NAME_INVALID";
            case INVALID_VERSION, INVALID_CURSOR -> "TAG_INVALID";
            case INVALID_LIMIT -> "PAGINATION_NUMBER_INVALID";
            case RANGE_NOT_SATISFIABLE -> "RANGE_INVALID";
            case METHOD_NOT_ALLOWED, NOT_ACCEPTABLE -> "UNSUPPORTED";
            case FORBIDDEN, INSUFFICIENT_SCOPE, EMBARGOED, WITHDRAWN, BLOB_PURGED -> "DENIED";
            case TOO_MANY_FAILURES -> "TOOMANYREQUESTS";
            default -> protocolCode(ErrorCodes.status(e));
        };
    }

    private static String protocolCode(int status) {
        return switch (status) {
            case 401 -> "UNAUTHORIZED";
            case 403 -> "DENIED";
            case 404 -> "NAME_UNKNOWN";
            case 405 -> "UNSUPPORTED";
            case 429 -> "TOOMANYREQUESTS";
            default -> status >= 500 ? "UNAVAILABLE" : "UNSUPPORTED";
        };
    }
}
