package org.stele.api.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.stele.api.http.Requests;
import org.stele.archive.signing.DepositorKeys;

/** The public keys a namespace's depositors sign {@code model.sig} with, checked at publish. */
@Path("/api/v1/namespaces/{namespace}/signing-keys")
@Tag(name = "Accounts")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "bearerAuth")
public class NamespaceSigningKeyResource {
    private final DepositorKeys keys;

    NamespaceSigningKeyResource(DepositorKeys keys) {
        this.keys = keys;
    }

    /** A key to register: its PEM as {@code openssl ec -pubout} writes it, and an optional label for people. */
    public record NewDepositorKey(
            @Schema(required = true, description = "PEM SubjectPublicKeyInfo (-----BEGIN PUBLIC KEY-----) of an EC key on P-256, P-384 or P-521")
            String publicKeyPem,
            @Schema(description = "Who or what holds the private key, up to 200 characters, e.g. \"release pipeline 2026\"")
            String label) {
    }

    /** The namespace's keys. */
    public record DepositorKeyList(List<DepositorKeys.DepositorKey> keys) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "The key", headers = @Header(name = "Location", ref = "Location"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DepositorKeys.DepositorKey.class)))
    @Operation(operationId = "addNamespaceSigningKey", summary = "Register a depositor signing key",
            description = "Owner role, write scope. A draft holding a model.sig (a Sigstore bundle from `model_signing sign key`) "
                    + "publishes only when it verifies with one of the namespace's unrevoked keys. The key's id is the hex SHA-256 "
                    + "of its PEM, the bundle's publicKey.hint. 400 invalid_signing_key for anything but an EC public key on "
                    + "P-256, P-384 or P-521; 409 signing_key_exists when it is registered (or was revoked) already.")
    public Response add(@PathParam("namespace") String namespace, NewDepositorKey body) {
        NewDepositorKey key = Requests.required(body);
        DepositorKeys.DepositorKey added = keys.register(namespace, key.publicKeyPem(), key.label());
        return Response.status(201).header("Location", "/api/v1/namespaces/" + added.namespace() + "/signing-keys/" + added.id())
                .entity(added).build();
    }

    @GET
    @Operation(operationId = "listNamespaceSigningKeys", summary = "The namespace's depositor signing keys",
            description = "For its members and admins; revoked keys included (with revokedAt), oldest first.")
    public DepositorKeyList list(@PathParam("namespace") String namespace) {
        return new DepositorKeyList(keys.list(namespace));
    }

    @DELETE
    @Path("{id}")
    @APIResponse(responseCode = "200", description = "The key, revoked",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DepositorKeys.DepositorKey.class)))
    @Operation(operationId = "revokeNamespaceSigningKey", summary = "Revoke a depositor signing key",
            description = "Owner role, write scope. The key is kept and marked revoked: versions it signed keep showing it, "
                    + "and it verifies no new publish. Revoking it again changes nothing.")
    public DepositorKeys.DepositorKey revoke(@PathParam("namespace") String namespace, @PathParam("id") String id) {
        return keys.revoke(namespace, id);
    }
}
