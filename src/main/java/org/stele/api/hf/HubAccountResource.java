package org.stele.api.hf;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.stele.api.http.PublicBase;
import org.stele.archive.access.Actor;
import org.stele.archive.access.Permissions;
import org.stele.archive.deposit.Models;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;
import org.stele.domain.catalog.Scope;
import org.stele.domain.files.FileFacts;
import org.stele.domain.files.ModelCard;

/**
 * The Hub's account and repo calls that precede an upload: {@code whoami-v2}, {@code repos/create},
 * {@code validate-yaml}; and {@code repos/delete}, always refused (identifiers never die).
 */
@Path("/hf/api")
@Produces(MediaType.APPLICATION_JSON)
public class HubAccountResource {
    private final Actor actor;
    private final Permissions permissions;
    private final Models models;
    private final PublicBase base;
    private final HubErrors errors;

    HubAccountResource(Actor actor, Permissions permissions, Models models, PublicBase base, HubErrors errors) {
        this.actor = actor;
        this.permissions = permissions;
        this.models = models;
        this.base = base;
        this.errors = errors;
    }

    /** The caller as the Hub describes a user: his namespaces are his orgs; the token's role is write or read. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WhoAmI(String type, String id, String name, String fullname, boolean canPay, List<Org> orgs, Auth auth) {
    }

    public record Org(String type, String name, String fullname) {
    }

    public record Auth(String type, AccessToken accessToken) {
    }

    public record AccessToken(String displayName, String role) {
    }

    public record RepoUrl(String url, String name, String id) {
    }

    @GET
    @Path("whoami-v2")
    @Operation(summary = "Hugging Face: who the token belongs to", description = "The user, his namespaces as orgs, and the token's role (write or read).")
    public WhoAmI whoami() {
        permissions.requireAuthenticated("whoami");
        Actor.Account account = actor.account().orElseThrow();
        List<Org> orgs = actor.readableNamespaces().stream().filter(ns -> !ns.equalsIgnoreCase(account.username()))
                .map(ns -> new Org("org", ns, ns)).toList();
        String role = actor.token().map(t -> t.has(Scope.write) ? "write" : "read").orElse("read");
        return new WhoAmI("user", account.id().toString(), account.username(), account.username(), false, orgs,
                new Auth("access_token", new AccessToken("stele token", role)));
    }

    @POST
    @Path("repos/create")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Hugging Face: create a model repo", description = "A model in a namespace the token may write (the user's own "
            + "when no organization is given), with the license given (else none until the card names one); private makes it restricted. An existing one is 409 with its url, as on the Hub.")
    public Response create(Map<String, Object> body, @Context UriInfo uri) {
        permissions.requireAuthenticated("creating a repo");
        String name = text(body, "name");
        Object type = body == null ? null : body.get("type");
        if (name == null) {
            throw new ArchiveException(ErrorCode.INVALID_REQUEST, "create needs {\"name\": …}");
        }
        if (type != null && !"model".equals(type)) {
            throw new ArchiveException(ErrorCode.INVALID_REQUEST, "this archive holds models only, not " + type + "s");
        }
        if (body.get("files") != null) {
            throw new ArchiveException(ErrorCode.INVALID_REQUEST, "create the repo without files, then upload them (they go into the draft)");
        }
        String organization = text(body, "organization");
        String namespace = organization != null ? organization : actor.account().orElseThrow().username();
        boolean restricted = Boolean.TRUE.equals(body.get("private")) || "private".equals(body.get("visibility"));
        String repo = namespace + "/" + name;
        RepoUrl url = new RepoUrl(base.of(uri) + "/hf/" + repo, repo, repo);
        try {
            models.createForHub(namespace, name, restricted, java.util.Optional.ofNullable(text(body, "license")));
        } catch (ArchiveException e) {
            if (e.errorCode() == ErrorCode.MODEL_EXISTS) {
                // huggingface_hub reads "url" from the 409 body when exist_ok is set.
                return Response.status(409).type(MediaType.APPLICATION_JSON).header("X-Error-Code", "RepoExists")
                        .header("X-Error-Message", "You already created this model repo").entity(Map.of("error", "You already created this model repo",
                                "url", url.url())).build();
            }
            throw e;
        }
        return Response.ok(url).build();
    }

    @DELETE
    @Path("repos/delete")
    @Operation(summary = "Hugging Face: delete a repo (always refused)", description = "Identifiers never die: a model is never deleted.")
    public Response delete() {
        permissions.requireAuthenticated("deleting a repo");
        return HubErrors.answer(403, "Forbidden", "This archive never deletes a model: published versions and identifiers are permanent"
                + " (an admin may withdraw a version)", Map.of());
    }

    @POST
    @Path("validate-yaml")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Hugging Face: check a model card", description = "Reads the card's front matter as a published version will; "
            + "what cannot be read comes back as warnings.")
    public Map<String, Object> validateYaml(Map<String, Object> body) {
        String content = text(body, "content");
        byte[] bytes = (content == null ? "" : content).getBytes(StandardCharsets.UTF_8);
        FileFacts facts = ModelCard.parse(bytes.length > ModelCard.MAX_READ_BYTES ? java.util.Arrays.copyOf(bytes, ModelCard.MAX_READ_BYTES) : bytes,
                bytes.length);
        return Map.of("errors", List.of(), "warnings", facts.warnings().stream().map(w -> Map.of("message", w)).toList());
    }

    @ServerExceptionMapper
    public Response refused(Exception e) {
        return errors.answer(e);
    }

    private static String text(Map<String, Object> body, String key) {
        return body != null && body.get(key) instanceof String s && !s.isBlank() ? s : null;
    }
}
