package org.stele.api.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
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
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.stele.api.http.Requests;
import org.stele.archive.notification.Subscriptions;
import org.stele.config.SteleConfig;
import org.stele.domain.Page;

/**
 * Webhook subscriptions: a namespace's (owners) under {@code /api/v1/namespaces/{namespace}/webhooks}, archive-wide
 * ones (administrators) under {@code /api/v1/webhooks}; the same operations on both. See docs/webhooks.md.
 */
@Path("/api/v1")
@Tag(name = "Webhooks")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "bearerAuth")
public class WebhookResource {
    private static final String EVENTS = "Events: version.published, version.withdrawn, version.embargo_lifted, model.created, "
            + "model.visibility_changed; archive-wide also blob.damaged, blob.repaired, identifier.registration_failed. ";
    private final Subscriptions subscriptions;
    private final SteleConfig.Webhooks config;

    WebhookResource(Subscriptions subscriptions, SteleConfig config) {
        this.subscriptions = subscriptions;
        this.config = config.webhooks();
    }

    /** A subscription to make. */
    public record NewWebhook(
            @Schema(required = true, description = "Where events are POSTed: an absolute https (or http) URL whose host resolves to "
                    + "public addresses only", examples = "https://ci.example.org/hooks/stele")
            String url,
            @Schema(required = true, description = "The event types to receive, e.g. [\"version.published\"]")
            List<String> events) {
    }

    /** A change: each field given replaces the current one. */
    public record WebhookChange(
            @Schema(description = "A new target URL") String url,
            @Schema(description = "The new list of event types") List<String> events,
            @Schema(description = "false pauses deliveries; true re-enables a subscription that was disabled") Boolean enabled) {
    }

    /** Subscriptions, oldest first. */
    public record WebhookList(List<Subscriptions.Subscription> webhooks) {
    }

    // Namespace subscriptions (owners).

    @POST
    @Path("namespaces/{namespace}/webhooks")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "The subscription, with its secret (shown only now)",
            headers = @Header(name = "Location", ref = "Location"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Subscriptions.Subscription.class)))
    @Operation(operationId = "createWebhook", summary = "Subscribe to a namespace's events",
            description = "Owner role, write scope. " + EVENTS + "Deliveries are signed by Standard Webhooks 1.0 with the secret "
                    + "(whsec_…), returned only in this answer and on rotation. 400 invalid_webhook_url, invalid_event (unknown or "
                    + "archive-wide only), webhook_target_refused (the host resolves to a loopback, private, link-local or "
                    + "metadata address, or not at all).")
    public Response create(@PathParam("namespace") String namespace, NewWebhook body) {
        return created(Optional.of(namespace), body);
    }

    @GET
    @Path("namespaces/{namespace}/webhooks")
    @Operation(operationId = "listWebhooks", summary = "A namespace's webhook subscriptions", description = "Owner role. No secrets.")
    public WebhookList list(@PathParam("namespace") String namespace) {
        return new WebhookList(subscriptions.list(Optional.of(namespace)));
    }

    @GET
    @Path("namespaces/{namespace}/webhooks/{id}")
    @Operation(operationId = "getWebhook", summary = "A webhook subscription",
            description = "Owner role. enabled false with disabledReason when it was disabled (by its owners, after a 410 answer, "
                    + "or after failing for days); 404 webhook_not_found for another namespace's.")
    public Subscriptions.Subscription get(@PathParam("namespace") String namespace, @PathParam("id") String id) {
        return subscriptions.get(Optional.of(namespace), id);
    }

    @PATCH
    @Path("namespaces/{namespace}/webhooks/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateWebhook", summary = "Change a webhook subscription",
            description = "Owner role, write scope. url, events, enabled; the same checks as when subscribing.")
    public Subscriptions.Subscription update(@PathParam("namespace") String namespace, @PathParam("id") String id, WebhookChange body) {
        return changed(Optional.of(namespace), id, body);
    }

    @DELETE
    @Path("namespaces/{namespace}/webhooks/{id}")
    @APIResponse(responseCode = "204", description = "Deleted, with its delivery log")
    @Operation(operationId = "deleteWebhook", summary = "Delete a webhook subscription", description = "Owner role, write scope.")
    public Response delete(@PathParam("namespace") String namespace, @PathParam("id") String id) {
        subscriptions.delete(Optional.of(namespace), id);
        return Response.noContent().build();
    }

    @POST
    @Path("namespaces/{namespace}/webhooks/{id}/secret")
    @Operation(operationId = "rotateWebhookSecret", summary = "Rotate a webhook's secret",
            description = "Owner role, write scope. The answer holds the new secret; for a day deliveries carry a second "
                    + "signature made with the previous one, so receivers can switch over.")
    public Subscriptions.Subscription rotate(@PathParam("namespace") String namespace, @PathParam("id") String id) {
        return subscriptions.rotateSecret(Optional.of(namespace), id);
    }

    @GET
    @Path("namespaces/{namespace}/webhooks/{id}/deliveries")
    @Operation(operationId = "listWebhookDeliveries", summary = "A webhook's delivery log",
            description = "Owner role. Newest first: event, state (pending, delivered, failed), attempts, last status and error, "
                    + "next attempt. Pass nextCursor back as ?cursor=; limit 1 to 200 (default 50).")
    public Page<Subscriptions.DeliveryView> deliveries(@PathParam("namespace") String namespace, @PathParam("id") String id,
            @QueryParam("cursor") String cursor, @QueryParam("limit") @DefaultValue("50") int limit) {
        return subscriptions.deliveries(Optional.of(namespace), id, limit, Optional.ofNullable(cursor));
    }

    @POST
    @Path("namespaces/{namespace}/webhooks/{id}/deliveries/{delivery}/redeliver")
    @Operation(operationId = "redeliverWebhook", summary = "Send a delivery again",
            description = "Owner role, write scope. The same webhook-id and body, tried again from now for the maximum age.")
    public Subscriptions.DeliveryView redeliver(@PathParam("namespace") String namespace, @PathParam("id") String id,
            @PathParam("delivery") long delivery) {
        return subscriptions.redeliver(Optional.of(namespace), id, delivery, config.maxAge());
    }

    // Archive-wide subscriptions (administrators).

    @POST
    @Path("webhooks")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "The subscription, with its secret (shown only now)",
            headers = @Header(name = "Location", ref = "Location"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Subscriptions.Subscription.class)))
    @Operation(operationId = "createArchiveWebhook", summary = "Subscribe to the whole archive's events",
            description = "Administrators. " + EVENTS + "The same checks and answers as a namespace's subscription.")
    public Response createArchiveWide(NewWebhook body) {
        return created(Optional.empty(), body);
    }

    @GET
    @Path("webhooks")
    @Operation(operationId = "listArchiveWebhooks", summary = "Archive-wide webhook subscriptions", description = "Administrators.")
    public WebhookList listArchiveWide() {
        return new WebhookList(subscriptions.list(Optional.empty()));
    }

    @GET
    @Path("webhooks/{id}")
    @Operation(operationId = "getArchiveWebhook", summary = "An archive-wide webhook subscription", description = "Administrators.")
    public Subscriptions.Subscription getArchiveWide(@PathParam("id") String id) {
        return subscriptions.get(Optional.empty(), id);
    }

    @PATCH
    @Path("webhooks/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateArchiveWebhook", summary = "Change an archive-wide webhook subscription", description = "Administrators.")
    public Subscriptions.Subscription updateArchiveWide(@PathParam("id") String id, WebhookChange body) {
        return changed(Optional.empty(), id, body);
    }

    @DELETE
    @Path("webhooks/{id}")
    @APIResponse(responseCode = "204", description = "Deleted, with its delivery log")
    @Operation(operationId = "deleteArchiveWebhook", summary = "Delete an archive-wide webhook subscription", description = "Administrators.")
    public Response deleteArchiveWide(@PathParam("id") String id) {
        subscriptions.delete(Optional.empty(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("webhooks/{id}/secret")
    @Operation(operationId = "rotateArchiveWebhookSecret", summary = "Rotate an archive-wide webhook's secret", description = "Administrators.")
    public Subscriptions.Subscription rotateArchiveWide(@PathParam("id") String id) {
        return subscriptions.rotateSecret(Optional.empty(), id);
    }

    @GET
    @Path("webhooks/{id}/deliveries")
    @Operation(operationId = "listArchiveWebhookDeliveries", summary = "An archive-wide webhook's delivery log", description = "Administrators.")
    public Page<Subscriptions.DeliveryView> deliveriesArchiveWide(@PathParam("id") String id, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        return subscriptions.deliveries(Optional.empty(), id, limit, Optional.ofNullable(cursor));
    }

    @POST
    @Path("webhooks/{id}/deliveries/{delivery}/redeliver")
    @Operation(operationId = "redeliverArchiveWebhook", summary = "Send an archive-wide delivery again", description = "Administrators.")
    public Subscriptions.DeliveryView redeliverArchiveWide(@PathParam("id") String id, @PathParam("delivery") long delivery) {
        return subscriptions.redeliver(Optional.empty(), id, delivery, config.maxAge());
    }

    private Response created(Optional<String> namespace, NewWebhook body) {
        NewWebhook hook = Requests.required(body);
        Subscriptions.Subscription made = subscriptions.create(namespace, hook.url(), hook.events());
        String location = made.namespace() == null ? "/api/v1/webhooks/" + made.id()
                : "/api/v1/namespaces/" + made.namespace() + "/webhooks/" + made.id();
        return Response.status(201).header("Location", location).entity(made).build();
    }

    private Subscriptions.Subscription changed(Optional<String> namespace, String id, WebhookChange body) {
        WebhookChange change = Requests.required(body);
        return subscriptions.update(namespace, id, new Subscriptions.Change(change.url(), change.events(), change.enabled()));
    }
}
