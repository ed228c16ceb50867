package org.stele.api.hf;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;
import org.stele.api.http.ErrorCodes;
import org.stele.api.http.Problem;
import org.stele.archive.access.Actor;
import org.stele.archive.custody.StorageOutage;
import org.stele.archive.metrics.ArchiveMetrics;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;

/**
 * Refusals as Hugging Face clients read them: {@code X-Error-Code}, {@code X-Error-Message} and
 * {@code {"error": …}}. Python picks its exception from these headers (RevisionNotFound, EntryNotFound, the
 * exact disabled message, RepoNotFound), and over plain http only from them. The rest of the API keeps
 * problem+json.
 */
@ApplicationScoped
public class HubErrors {
    /** Python raises DisabledRepoError on exactly this text. */
    static final String DISABLED = "Access to this resource is disabled.";

    private static final Logger LOG = Logger.getLogger(HubErrors.class);

    private final Actor actor;
    private final ArchiveMetrics metrics;

    HubErrors(Actor actor, ArchiveMetrics metrics) {
        this.actor = actor;
        this.metrics = metrics;
    }

    /** The error body every client reads. */
    public record Body(String error) {
    }

    static ArchiveException entryNotFound(String commit) {
        return new ArchiveException(ErrorCode.ENTRY_NOT_FOUND, "Entry not found", Map.of("commit", commit));
    }


    /** Keeps the refusal and adds {@code X-Repo-Commit}, which Python wants on every resolve answer. */
    static ArchiveException withCommit(ArchiveException e, String commit) {
        return e.with("commit", commit);
    }

    Response answer(Throwable failure) {
        if (failure instanceof ArchiveException e) {
            return archive(e);
        }
        if (failure instanceof com.fasterxml.jackson.core.JsonProcessingException e) {
            return answer(400, "BadRequest", "the request body is not valid JSON: " + e.getOriginalMessage(), Map.of());
        }
        if (failure instanceof WebApplicationException e && e.getResponse().getStatus() < 500) {
            int status = e.getResponse().getStatus();
            return answer(status, pascal(e.getResponse().getStatusInfo().getReasonPhrase().replace(' ', '_')), e.getMessage(), Map.of());
        }
        java.util.Optional<ArchiveException> outage = StorageOutage.of(failure);
        if (outage.isPresent()) {
            LOG.warnf("storage unavailable: %s", failure.getMessage());
            metrics.storageUnavailable();
            return archive(outage.get());
        }
        LOG.error("request failed", failure);
        if (StorageOutage.isStorageError(failure)) {
            metrics.storageError();
        }
        return answer(500, "InternalError", "the archive could not complete the request", Map.of());
    }

    private Response archive(ArchiveException e) {
        return switch (e.code()) {
            // An unknown repo is a 401 for anonymous callers, as on the Hub; Python maps both to RepositoryNotFoundError.
            case "repo_not_found" -> actor.account().isPresent()
                    ? answer(404, "RepoNotFound", "Repository not found", Map.of())
                    : answer(401, "RepoNotFound", "Repository not found", Map.of("WWW-Authenticate", "Bearer realm=\"stele\""));
            case "revision_not_found" -> answer(404, "RevisionNotFound", e.getMessage(), Problem.headers(e));
            case "entry_not_found" -> answer(404, "EntryNotFound", "Entry not found", Problem.headers(e));
            // Python raises DisabledRepoError on a withdrawn repo's files only from this exact answer.
            case "withdrawn" -> answer(403, "DisabledRepo", DISABLED, Problem.headers(e));
            default -> answer(ErrorCodes.status(e), pascal(e.code()), e.getMessage(), Problem.headers(e));
        };
    }

    static Response answer(int status, String code, String message, Map<String, String> headers) {
        Response.ResponseBuilder answer = Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .header("X-Error-Code", code)
                .header("X-Error-Message", headerSafe(message))
                .entity(new Body(message));
        headers.forEach(answer::header);
        return answer.build();
    }

    /** {@code range_not_satisfiable} → {@code RangeNotSatisfiable}, the Hub's style of code. */
    static String pascal(String code) {
        StringBuilder out = new StringBuilder();
        for (String part : code.toLowerCase(Locale.ROOT).split("_")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }

    /** Header values are ASCII; a file name in the message may not be (the JSON body keeps it whole). */
    private static String headerSafe(String message) {
        String text = message == null ? "" : message;
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return out.toString();
    }
}
