package org.stele.api.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.stele.api.http.Requests;
import org.stele.archive.access.Tokens;
import org.stele.domain.Page;

/** Scoped bearer tokens: issue (the secret is shown once), list without secrets, revoke at once. */
@Path("/api/v1/tokens")
@Tag(name = "Tokens")
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {
    private final Tokens tokens;

    TokenResource(Tokens tokens) {
        this.tokens = tokens;
    }

    /**
     * A token to issue: scopes among read, write, publish, admin; namespaces (optional) limits it to those;
     * expiresAt (optional); user (admins only) issues it for someone else, e.g. a pipeline account.
     */
    public record NewToken(String name, List<String> scopes, List<String> namespaces, Instant expiresAt, String user) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "The token with its secret, shown this once", headers = @Header(name = "Location",
            ref = "Location"), content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Tokens.IssuedToken.class)))
    @Operation(operationId = "issueToken",
            summary = "Issue a token", description = "Answers the secret (stele_…) once; only its hash is kept. A token "
            + "never grants more than its user has, nor more than the token that asked for it.")
    public Response issue(NewToken body) {
        NewToken t = Requests.required(body);
        Tokens.IssuedToken issued = tokens.issue(t.name(), t.scopes(), t.namespaces(), t.expiresAt(), t.user());
        return Response.status(201).header("Location", "/api/v1/tokens/" + issued.id()).entity(issued).build();
    }

    @GET
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "listTokens",
            summary = "List tokens", description = "The caller's tokens, or (admins) ?user='s: names, scopes, last use, "
            + "expiry, revocation; never secrets.")
    public Page<Tokens.TokenInfo> list(@QueryParam("user") String user) {
        return new Page<>(tokens.list(user), null);
    }

    @DELETE
    @Path("{id}")
    @APIResponse(responseCode = "204", description = "Revoked")
    @Operation(operationId = "revokeToken",
            summary = "Revoke a token", description = "Takes effect on the next request. The caller's own tokens; admins any.")
    public Response revoke(@PathParam("id") String id) {
        tokens.revoke(id);
        return Response.noContent().build();
    }
}
