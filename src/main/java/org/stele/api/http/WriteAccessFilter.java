package org.stele.api.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.stele.archive.access.Actor;
import org.stele.archive.access.AuditTrail;
import org.stele.archive.access.Permissions;
import org.stele.archive.access.Tokens;
import org.stele.config.SteleConfig;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;

/**
 * Establishes the {@link Actor} of every request from its bearer token, before any byte of the body is read.
 * Under {@code /api} every write needs a valid token, and a token that is not valid (unknown, expired, revoked)
 * is refused with 401 on reads too, recorded in the audit trail, and rate-limited per client address. Elsewhere
 * ({@code /hf}, {@code /pid}, pages) such a token reads as anonymous: Hugging Face clients send the token their
 * user has for the Hub to any endpoint. Tokens themselves are never logged.
 */
public class WriteAccessFilter {
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    /** The challenge of the OCI surface: registry clients answer it with {@code Basic base64(user:token)}. */
    public static final String REGISTRY_CHALLENGE = "Basic realm=\"stele\"";

    private final Tokens tokens;
    private final Actor actor;
    private final AuditTrail audit;
    private final SteleConfig.Auth config;

    WriteAccessFilter(Tokens tokens, Actor actor, AuditTrail audit, SteleConfig config) {
        this.tokens = tokens;
        this.actor = actor;
        this.audit = audit;
        this.config = config.auth();
    }

    @ServerRequestFilter
    public Response requireToken(ContainerRequestContext request, HttpServerRequest http) {
        boolean api = request.getUriInfo().getPath().startsWith("/api/");
        SocketAddress remote = http.remoteAddress();
        String address = remote == null ? null : remote.hostAddress();
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            boolean registry = request.getUriInfo().getPath().startsWith("/v2/");
            Tokens.Authentication authentication = registry ? tokens.authenticateRegistry(authorization)
                    : tokens.authenticate(authorization);
            if (authentication.valid()) {
                actor.authenticated(authentication.token(), authentication.account(), authentication.roles(), address);
                return null;
            }
            actor.anonymous(address);
            if (registry && !Tokens.EMPTY.equals(authentication.failure())) {
                // Registry clients send credentials only when asked; wrong ones must fail, not pull anonymously.
                Response refused = refuse(request, address, authentication.failure());
                return Response.status(refused.getStatus()).type(MediaType.APPLICATION_JSON)
                        .header("WWW-Authenticate", REGISTRY_CHALLENGE)
                        .header("Docker-Distribution-API-Version", "registry/2.0")
                        .entity("{\"errors\":[{\"code\":\"" + (refused.getStatus() == 401 ? "UNAUTHORIZED" : "TOOMANYREQUESTS")
                                + "\",\"message\":\"the credentials are not valid\"}]}")
                        .build();
            }
            return api ? refuse(request, address, authentication.failure()) : null;
        }
        actor.anonymous(address);
        if (api && !READS.contains(request.getMethod())) {
            return Problem.response(Permissions.unauthenticated("writes need Authorization: Bearer <token>"));
        }
        return null;
    }

    private Response refuse(ContainerRequestContext request, String address, String failure) {
        if (address != null && audit.recentFailures(address, config.failureWindow()) >= config.failureLimit()) {
            return Problem.response(new ArchiveException(ErrorCode.TOO_MANY_FAILURES, "too many failed authentications from this address; try again later", Map.of("retryAfterSeconds", String.valueOf(config.failureWindow().toSeconds()))));
        }
        audit.record("auth.failed", "token", Optional.empty(),
                Map.of("reason", failure, "method", request.getMethod(), "path", request.getUriInfo().getPath()));
        return Problem.response(Permissions.unauthenticated("the bearer token is not valid (" + failure + ")"));
    }
}
