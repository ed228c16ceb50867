package org.stele.api.http;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.stele.archive.metrics.ArchiveMetrics;
import org.stele.domain.ArchiveException;

/** The one place errors become HTTP answers: every refusal is problem+json with a stable code. */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    private final ArchiveMetrics metrics;

    ProblemMapper(ArchiveMetrics metrics) {
        this.metrics = metrics;
    }

    @ServerExceptionMapper
    public Response archive(ArchiveException e) {
        return Problem.response(e);
    }

    /** Stored bytes proved wrong before the answer was committed; once committed, the connection is aborted instead. */
    @ServerExceptionMapper
    public Response integrity(org.stele.domain.IntegrityException e) {
        return Problem.response(new ArchiveException(500, "integrity_error", "Integrity error",
                "the stored bytes are damaged (" + e.getMessage() + "); they are not served until repaired"));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Problem.response(new ArchiveException(404, "not_found", "Not found", "no such resource"));
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return Problem.response(new ArchiveException(405, "method_not_allowed", "Method not allowed",
                "this resource does not support that method"));
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e) {
        return Problem.response(new ArchiveException(415, "unsupported_media_type", "Unsupported media type",
                "this resource does not accept that Content-Type"));
    }

    @ServerExceptionMapper
    public Response malformedJson(com.fasterxml.jackson.core.JsonProcessingException e) {
        return Problem.response(ArchiveException.badRequest("invalid_json", "Invalid JSON",
                "the request body is not the JSON this resource expects: " + e.getOriginalMessage()));
    }

    /** Two requests raced for the same unique name; the loser is told, nothing is half-written. */
    @ServerExceptionMapper
    public Response uniqueness(org.hibernate.exception.ConstraintViolationException e) {
        return Problem.response(ArchiveException.conflict("conflict", "Conflict",
                "a concurrent request created the same thing first; retry to see it"));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.hibernate.exception.ConstraintViolationException violation) {
                return uniqueness(violation); // wrapped by the transaction manager on commit
            }
        }
        LOG.error("request failed", e);
        if (e instanceof java.io.IOException || e.getCause() instanceof java.io.IOException) {
            metrics.storageError();
        }
        return Problem.response(new ArchiveException(500, "internal_error", "Internal error",
                "the archive could not complete the request"));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 400 && e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
            return malformedJson(json);
        }
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        String code = status == 400 ? "bad_request" : "http_" + status;
        return Problem.response(new ArchiveException(status, code, e.getResponse().getStatusInfo().getReasonPhrase(),
                e.getMessage()));
    }
}
