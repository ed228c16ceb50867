package org.stele.api.http;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.stele.archive.custody.StorageOutage;
import org.stele.archive.metrics.ArchiveMetrics;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;

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
        return Problem.response(new ArchiveException(ErrorCode.INTEGRITY_ERROR, "the stored bytes are damaged (" + e.getMessage() + "); they are not served until repaired"));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Problem.response(new ArchiveException(ErrorCode.NOT_FOUND, "no such resource"));
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return Problem.response(new ArchiveException(ErrorCode.METHOD_NOT_ALLOWED, "this resource does not support that method"));
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e) {
        return Problem.response(new ArchiveException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "this resource does not accept that Content-Type"));
    }

    @ServerExceptionMapper
    public Response malformedJson(com.fasterxml.jackson.core.JsonProcessingException e) {
        return Problem.response(new ArchiveException(ErrorCode.INVALID_JSON, "the request body is not the JSON this resource expects: " + e.getOriginalMessage()));
    }

    /** Two requests raced for the same unique name; the loser is told, nothing is half-written. */
    @ServerExceptionMapper
    public Response uniqueness(org.hibernate.exception.ConstraintViolationException e) {
        return Problem.response(new ArchiveException(ErrorCode.CONFLICT, "a concurrent request created the same thing first; retry to see it"));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.hibernate.exception.ConstraintViolationException violation) {
                return uniqueness(violation); // wrapped by the transaction manager on commit
            }
        }
        java.util.Optional<ClientAbortException> abort = ClientAbortException.in(e);
        if (abort.isPresent()) {
            // The client went away mid-body: nothing was stored (ingest discards what it staged) and storage is fine.
            LOG.infof("client aborted an upload: %s", abort.get().getMessage());
            metrics.clientAbort();
            return Problem.response(new ArchiveException(ErrorCode.BAD_REQUEST, "the request body ended early; nothing was stored"));
        }
        java.util.Optional<ArchiveException> outage = StorageOutage.of(e);
        if (outage.isPresent()) {
            LOG.warnf("storage unavailable: %s", e.getMessage());
            metrics.storageUnavailable();
            return Problem.response(outage.get());
        }
        LOG.error("request failed", e);
        if (StorageOutage.isStorageError(e)) {
            metrics.storageError();
        }
        return Problem.response(new ArchiveException(ErrorCode.INTERNAL_ERROR, "the archive could not complete the request"));
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
        ErrorCode code = switch (status) {
            case 400 -> ErrorCode.BAD_REQUEST;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            default -> null;
        };
        if (code == null) { // a status no code of ours names: answered as it came, code http_<status>
            return Response.status(status).type(Problem.MEDIA_TYPE).entity(Problem.of(status, "http_" + status,
                    e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage())).build();
        }
        return Problem.response(new ArchiveException(code, e.getMessage()));
    }
}
