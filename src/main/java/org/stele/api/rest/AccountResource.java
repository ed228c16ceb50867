package org.stele.api.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.stele.api.http.Requests;
import org.stele.archive.access.Accounts;
import org.stele.domain.catalog.Role;

/** Users (each with a personal namespace), lab namespaces and their members. */
@Path("/api/v1")
@Tag(name = "Accounts")
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {
    private final Accounts accounts;

    AccountResource(Accounts accounts) {
        this.accounts = accounts;
    }

    /** A new user; {@code email} optional. */
    public record NewUser(String username, String name, String email) {
    }

    public record NewNamespace(String name) {
    }

    public record Membership(String role) {
    }

    @POST
    @Path("users")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "The user", headers = @Header(name = "Location", ref = "Location"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accounts.UserView.class)))
    @Operation(operationId = "createUser",
            summary = "Create a user", description = "Admins only. The user gets a personal namespace named after him, "
            + "which he owns; he acts with tokens minted for him (POST /api/v1/tokens with \"user\").")
    public Response createUser(NewUser body) {
        NewUser u = Requests.required(body);
        return Response.status(201).header("Location", "/api/v1/users/" + u.username())
                .entity(accounts.createUser(u.username(), u.name(), u.email())).build();
    }

    @GET
    @Path("users/{username}")
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "getUser",
            summary = "A user and his namespaces", description = "For the user himself and admins; 404 user_not_found "
            + "for anyone else.")
    public Accounts.UserView user(@PathParam("username") String username) {
        return accounts.user(username);
    }

    @POST
    @Path("namespaces")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "The namespace", headers = @Header(name = "Location", ref = "Location"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accounts.NamespaceView.class)))
    @Operation(operationId = "createNamespace",
            summary = "Create a namespace for a lab", description = "Admins only; then add members with roles.")
    public Response createNamespace(NewNamespace body) {
        Accounts.NamespaceView created = accounts.createNamespace(Requests.required(body).name());
        return Response.status(201).header("Location", "/api/v1/namespaces/" + created.name()).entity(created).build();
    }

    @GET
    @Path("namespaces/{namespace}")
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "getNamespace", summary = "A namespace and its members", description = "For its members and admins.")
    public Accounts.NamespaceView namespace(@PathParam("namespace") String namespace) {
        return accounts.namespace(namespace);
    }

    @PUT
    @Path("namespaces/{namespace}/members/{username}")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Added", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Accounts.Member.class)))
    @APIResponse(responseCode = "200", description = "His role changed", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Accounts.Member.class)))
    @Operation(operationId = "putMember",
            summary = "Add a member or change his role", description = "owner, maintainer or reader. Owner role, write scope. "
            + "201 when added, 200 when changed.")
    public Response putMember(@PathParam("namespace") String namespace, @PathParam("username") String username, Membership body) {
        Role role = Role.parse(Requests.required(body).role());
        boolean added = accounts.putMember(namespace, username, role);
        return Response.status(added ? 201 : 200).entity(new Accounts.Member(username, role.name())).build();
    }

    @DELETE
    @Path("namespaces/{namespace}/members/{username}")
    @APIResponse(responseCode = "204", description = "Removed")
    @Operation(operationId = "removeMember", summary = "Remove a member", description = "Owner role, write scope.")
    public Response removeMember(@PathParam("namespace") String namespace, @PathParam("username") String username) {
        accounts.removeMember(namespace, username);
        return Response.noContent().build();
    }
}
