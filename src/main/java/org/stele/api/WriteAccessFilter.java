package org.stele.api;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.stele.archive.Actor;
import org.stele.archive.Tokens;
import org.stele.domain.ApiToken;
import org.stele.domain.ArchiveException;

/**
 * Establishes the {@link Actor} of every {@code /api} request from its bearer token. Reads are anonymous; every
 * write needs a valid token, checked before any byte of the body is read.
 */
public class WriteAccessFilter {
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final Tokens tokens;
    private final Actor actor;

    WriteAccessFilter(Tokens tokens, Actor actor) {
        this.tokens = tokens;
        this.actor = actor;
    }

    @ServerRequestFilter
    public Response requireToken(ContainerRequestContext request, HttpServerRequest http) {
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
            return null;
        }
        SocketAddress remote = http.remoteAddress();
        String address = remote == null ? null : remote.hostAddress();
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Optional<ApiToken> token = authorization == null ? Optional.empty() : tokens.authenticate(authorization);
        if (token.isPresent()) {
            actor.authenticated(token.get(), address);
            return null;
        }
        actor.anonymous(address);
        if (READS.contains(request.getMethod())) {
            return null; // an unknown token on a read is treated as anonymous, as before
        }
        return Problem.response(unauthenticated(authorization == null
                ? "writes need Authorization: Bearer <token>" : "the bearer token is not valid"));
    }

    static ArchiveException unauthenticated(String detail) {
        return new ArchiveException(401, "unauthorized", "Unauthorized", detail);
    }
}
