package org.stele.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.stele.archive.Tokens;
import org.stele.domain.ArchiveException;

/** Reads are anonymous; every write under {@code /api} needs a valid bearer token, checked before any byte is read. */
public class WriteAccessFilter {
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final Tokens tokens;

    WriteAccessFilter(Tokens tokens) {
        this.tokens = tokens;
    }

    @ServerRequestFilter
    public Response requireToken(ContainerRequestContext request) {
        if (READS.contains(request.getMethod()) || !request.getUriInfo().getPath().startsWith("/api/")) {
            return null;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (tokens.authenticate(authorization).isPresent()) {
            return null;
        }
        String detail = authorization == null ? "writes need Authorization: Bearer <token>" : "the bearer token is not valid";
        return Problem.response(new ArchiveException(401, "unauthorized", "Unauthorized", detail));
    }
}
