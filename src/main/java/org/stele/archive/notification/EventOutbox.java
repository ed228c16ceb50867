package org.stele.archive.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.stele.config.SteleConfig;
import org.stele.domain.Timestamps;
import org.stele.domain.catalog.Model;
import org.stele.domain.catalog.ModelVersion;

/**
 * Announces what happens, in the transaction of the change: writes the event (its CloudEvents 1.0 body, fixed now so
 * every attempt signs the same bytes) and one delivery for each enabled subscription that wants it. So nothing is
 * announced that did not commit, and nothing commits unannounced. The use cases call it explicitly rather than through
 * triggers (as DataCite registration does): an event says what a person did (published, withdrew), which a row change
 * alone does not tell, and its data is the use case's own view of the version.
 * <p>
 * Events carry identifiers and metadata, never file bytes or tokens. They reach the subscriptions of the namespace they
 * happen in (made by its owners, so members) and archive-wide ones (made by administrators): restricted models are
 * announced to no one else.
 */
@ApplicationScoped
public class EventOutbox {
    static final String TYPE_PREFIX = "org.stele.";
    /** Events a namespace's owners may subscribe to. */
    public static final List<String> NAMESPACE_EVENTS = List.of("version.published", "version.withdrawn",
            "version.embargo_lifted", "model.created", "model.visibility_changed");
    /** Events only archive-wide subscriptions (administrators) receive, on top of the namespace ones. */
    public static final List<String> ARCHIVE_EVENTS = List.of("blob.damaged", "blob.repaired", "identifier.registration_failed");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EntityManager entityManager;
    private final String baseUrl;
    private final Duration maxAge;

    EventOutbox(EntityManager entityManager, SteleConfig config) {
        this.entityManager = entityManager;
        this.baseUrl = config.publicBaseUrl().filter(u -> !u.isBlank()).map(u -> u.replaceAll("/+$", "")).orElse("");
        this.maxAge = config.webhooks().maxAge();
    }

    static Set<String> allowed(boolean archiveWide) {
        return archiveWide ? union() : Set.copyOf(NAMESPACE_EVENTS);
    }

    private static Set<String> union() {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(NAMESPACE_EVENTS);
        all.addAll(ARCHIVE_EVENTS);
        return all;
    }

    public void versionPublished(Model model, ModelVersion version) {
        announce("version.published", model.namespace, version.pid, modelSource(model), versionData(model, version));
    }

    public void versionWithdrawn(Model model, ModelVersion version) {
        ObjectNode data = versionData(model, version);
        data.put("reason", version.withdrawalReason);
        announce("version.withdrawn", model.namespace, version.pid, modelSource(model), data);
    }

    /** The embargo of a published version ended (its time came, or it was lifted early): its files are served. */
    public void embargoLifted(Model model, ModelVersion version, java.time.Instant embargoUntil) {
        ObjectNode data = versionData(model, version);
        data.put("embargoUntil", embargoUntil.truncatedTo(ChronoUnit.MILLIS).toString());
        announce("version.embargo_lifted", model.namespace, version.pid, modelSource(model), data);
    }

    public void modelCreated(Model model) {
        announce("model.created", model.namespace, model.repoId(), modelSource(model), modelData(model));
    }

    public void visibilityChanged(Model model, String from) {
        ObjectNode data = modelData(model);
        data.put("previousVisibility", from);
        announce("model.visibility_changed", model.namespace, model.repoId(), modelSource(model), data);
    }

    /**
     * A copy of a blob was found damaged ({@code blob.damaged}) or good again ({@code blob.repaired}); archive-wide.
     *
     * @param versions identifiers of the versions holding the blob
     */
    public void blobCondition(boolean damaged, String digest, String copy, String outcome, String foundBy, List<String> versions) {
        ObjectNode data = JSON.createObjectNode();
        data.put("digest", digest);
        data.put("copy", copy);
        data.put("outcome", outcome);
        data.put("foundBy", foundBy);
        data.putPOJO("versions", versions);
        announce(damaged ? "blob.damaged" : "blob.repaired", null, digest, baseUrl + "/api/v1/blobs/" + digest, data);
    }

    /** Registering {@code pid} with DataCite failed, the first time since it last succeeded; archive-wide. */
    public void registrationFailed(String pid, String error) {
        ObjectNode data = JSON.createObjectNode();
        data.put("identifier", pid);
        data.put("error", error);
        data.put("landingUrl", baseUrl + "/pid/" + pid);
        announce("identifier.registration_failed", null, pid, baseUrl + "/api/v1/admin/registrations", data);
    }

    private String modelSource(Model model) {
        return baseUrl + "/models/" + model.repoId();
    }

    private ObjectNode modelData(Model model) {
        ObjectNode data = JSON.createObjectNode();
        data.put("namespace", model.namespace);
        data.put("model", model.name);
        data.put("conceptIdentifier", model.conceptPid);
        data.put("visibility", model.visibility);
        data.put("conceptLandingUrl", baseUrl + "/pid/" + model.conceptPid);
        return data;
    }

    private ObjectNode versionData(Model model, ModelVersion version) {
        ObjectNode data = JSON.createObjectNode();
        data.put("identifier", version.pid);
        data.put("conceptIdentifier", model.conceptPid);
        data.put("namespace", model.namespace);
        data.put("model", model.name);
        data.put("version", version.label);
        data.put("state", version.state.name());
        data.put("manifestDigest", version.manifestDigest);
        data.put("visibility", model.visibility);
        data.put("landingUrl", baseUrl + "/pid/" + version.pid);
        return data;
    }

    /**
     * Writes the event and its deliveries within the caller's transaction (or a new one). An event no subscription
     * wants is not stored.
     */
    void announce(String type, String namespace, String subject, String source, ObjectNode data) {
        QuarkusTransaction.joiningExisting().run(() -> {
            List<?> subscribers = entityManager.createNativeQuery("""
                    select id from webhook_subscription
                    where enabled and ?1 = any(events) and (namespace is null or namespace = ?2) order by id""")
                    .setParameter(1, type).setParameter(2, namespace == null ? "" : namespace).getResultList();
            if (subscribers.isEmpty()) {
                return;
            }
            String id = "evt_" + HexFormat.of().formatHex(bytes(16));
            ObjectNode event = JSON.createObjectNode();
            event.put("specversion", "1.0");
            event.put("id", id);
            event.put("source", source);
            event.put("type", TYPE_PREFIX + type);
            event.put("time", DateTimeFormatter.ISO_INSTANT.format(Timestamps.now().truncatedTo(ChronoUnit.MILLIS)));
            event.put("subject", subject);
            event.put("datacontenttype", "application/json");
            event.set("data", data);
            entityManager.createNativeQuery("insert into webhook_event (id, type, namespace, subject, body) values (?1, ?2, ?3, ?4, ?5)")
                    .setParameter(1, id).setParameter(2, type).setParameter(3, namespace).setParameter(4, subject)
                    .setParameter(5, event.toString()).executeUpdate();
            for (Object subscription : subscribers) {
                entityManager.createNativeQuery("""
                        insert into webhook_delivery (subscription_id, event_id, give_up_at)
                        values (?1, ?2, now() + ?3 * interval '1 millisecond')""")
                        .setParameter(1, subscription).setParameter(2, id).setParameter(3, maxAge.toMillis()).executeUpdate();
            }
        });
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
