package org.stele.api.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.stele.api.http.Requests;
import org.stele.archive.deposit.Models;
import org.stele.archive.publishing.Publishing;
import org.stele.archive.reading.ModelView;
import org.stele.archive.registration.Registration;
import org.stele.archive.reading.VersionRecord;
import org.stele.domain.ArchiveException;
import org.stele.domain.Author;
import org.stele.domain.Description;
import org.stele.domain.ErrorCode;
import org.stele.domain.Page;

/** Models: the concepts versions belong to. */
@Path("/api/v1/models")
@Tag(name = "Models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {
    private final Models models;
    private final Publishing publishing;
    private final Registration registration;

    ModelResource(Models models, Publishing publishing, Registration registration) {
        this.registration = registration;
        this.models = models;
        this.publishing = publishing;
    }

    /**
     * A new model: namespace and name (Hugging Face repo-id rules), title, license (SPDX or 'other'), visibility
     * ({@code public}, the default, or {@code restricted}).
     */
    public record NewModel(String namespace, String name, String title, String description, List<Author> authors,
            String license, List<String> keywords, String visibility) {
    }

    /** Fields to change; absent fields stay as they are. Changing visibility needs the owner role. */
    public record ModelPatch(String title, String description, List<Author> authors, String license, List<String> keywords,
            String visibility) {
    }

    /** The version an alias points at. */
    public record AliasTarget(String version) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "The model, its concept identifier reserved", headers = @Header(name = "Location",
            ref = "Location"), content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ModelView.class)))
    @Operation(operationId = "createModel",
            summary = "Create a model", description = "Reserves its concept identifier (conceptPid). Needs the maintainer "
            + "role in the namespace and the write scope.")
    public Response create(NewModel body) {
        NewModel m = Requests.required(body);
        ModelView created = models.create(m.namespace(), m.name(),
                new Description(m.title(), m.description(), m.authors(), m.license(), m.keywords()), m.visibility());
        return Response.status(201).header("Location", "/api/v1/models/" + created.namespace() + "/" + created.name())
                .entity(created).build();
    }

    @GET
    @Operation(operationId = "listModels",
            summary = "List models", description = "Keyset pagination: pass nextCursor back as ?cursor=.")
    public Page<ModelView> list(@QueryParam("namespace") String namespace, @QueryParam("limit") @DefaultValue("50") int limit,
            @QueryParam("cursor") String cursor) {
        return models.list(Optional.ofNullable(namespace), limit, Optional.ofNullable(cursor));
    }

    /**
     * A model as the API answers it: its view and, for the namespace's owners and administrators when DataCite
     * registration is on, how its concept identifier stands at DataCite.
     */
    public record ModelAnswer(@JsonUnwrapped ModelView view, @JsonInclude(JsonInclude.Include.NON_NULL) Registration.Status registration) {
    }

    @GET
    @Path("{namespace}/{name}")
    @Operation(operationId = "getModel", summary = "A model with its versions and aliases", description = "With the concept "
            + "identifier's DataCite registration (registration) for the namespace's owners and admins, when registration is on.")
    public ModelAnswer get(@PathParam("namespace") String namespace, @PathParam("name") String name) {
        ModelView model = models.get(namespace, name);
        return new ModelAnswer(model, registration.statusFor(model.conceptPid(), model.namespace()).orElse(null));
    }

    @PATCH
    @Path("{namespace}/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateModel",
            summary = "Edit a model's metadata or visibility", description = "Published versions keep the metadata they "
            + "were published with. Metadata needs the maintainer role, visibility (public or restricted) the owner role; "
            + "both the write scope.")
    public ModelView update(@PathParam("namespace") String namespace, @PathParam("name") String name, ModelPatch body) {
        ModelPatch p = Requests.required(body);
        return models.update(namespace, name, new Description(p.title(), p.description(), p.authors(), p.license(), p.keywords()),
                p.visibility());
    }

    @PUT
    @Path("{namespace}/{name}/aliases/{alias}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "setAlias",
            summary = "Point an alias at a published version", description = "'latest' is maintained by the archive. "
            + "Needs the owner role and the publish scope.")
    public VersionRecord.VersionRef alias(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @PathParam("alias") String alias, AliasTarget body) {
        if ("latest".equals(alias)) {
            throw new ArchiveException(ErrorCode.RESERVED_ALIAS, "'latest' always names the newest published version");
        }
        return publishing.setAlias(namespace, name, alias, Requests.required(body).version());
    }
}
