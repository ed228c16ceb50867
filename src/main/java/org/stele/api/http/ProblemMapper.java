package org.stele.api.http;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
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
import org.stele.domain.catalog.UniqueNames;

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

    /** Also what JAX-RS throws for a query parameter that did not convert: {@link StrictParams} put the reason inside. */
    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Problem.response(refusalIn(e).orElseGet(() -> new ArchiveException(ErrorCode.NOT_FOUND, "no such resource")));
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
        if (e instanceof MismatchedInputException mismatch) {
            return wrongShape(mismatch);
        }
        String where = e instanceof JsonMappingException mapping ? field(mapping).map(f -> " (at " + f + ")").orElse("") : "";
        return Problem.response(new ArchiveException(ErrorCode.INVALID_JSON, "the request body is not the JSON this resource expects"
                + where + ": " + e.getOriginalMessage()));
    }

    /**
     * JSON that parses but has the wrong shape (an array for an object, a string for a list, a date that is not one).
     * Declared for this exception type so that it wins over Quarkus's own mapper, which answers 400 with no body; the
     * detail names the field and what was expected, not the Java types behind it.
     */
    @ServerExceptionMapper
    public Response wrongShape(MismatchedInputException e) {
        String where = field(e).map(f -> "the field " + f).orElse("the request body");
        return Problem.response(new ArchiveException(ErrorCode.INVALID_JSON, where + " must be " + expected(e.getTargetType())));
    }

    /** Where in the body Jackson stopped, as {@code authors[0].orcid}; empty at the top level. */
    private static java.util.Optional<String> field(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference step : e.getPath()) {
            if (step.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                field.append('[').append(step.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(field.toString());
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "a JSON array";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "an ISO 8601 date-time such as 2030-01-01T00:00:00Z";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return "a JSON object";
    }

    /** The refusal an exception carries inside (a converter's, wrapped by JAX-RS), if any. */
    private static java.util.Optional<ArchiveException> refusalIn(Throwable e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ArchiveException refusal) {
                return java.util.Optional.of(refusal);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * Two requests raced for the same unique name; the loser is told, nothing is half-written. A name a client chose
     * (a version label, a model or namespace name) answers as the check before insert would have: that it exists.
     */
    @ServerExceptionMapper
    public Response uniqueness(org.hibernate.exception.ConstraintViolationException e) {
        return Problem.response(UniqueNames.taken(e.getConstraintName())
                .map(code -> new ArchiveException(code, "a concurrent request took the same name first"))
                .orElseGet(() -> new ArchiveException(ErrorCode.CONFLICT, "a concurrent request created the same thing first; retry to see it")));
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
        java.util.Optional<ArchiveException> refusal = refusalIn(e);
        if (refusal.isPresent()) {
            return Problem.response(refusal.get());
        }
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
            case 413 -> ErrorCode.BODY_TOO_LARGE;
            case 414 -> ErrorCode.URI_TOO_LONG;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 431 -> ErrorCode.HEADERS_TOO_LARGE;
            default -> null;
        };
        if (code == null) { // a status no code of ours names: answered as it came, code http_<status>
            return Response.status(status).type(Problem.MEDIA_TYPE).entity(Problem.of(status, "http_" + status,
                    e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage())).build();
        }
        return Problem.response(new ArchiveException(code, e.getMessage()));
    }
}
