package org.stele.archive.notification;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.stele.archive.access.Actor;
import org.stele.archive.access.AuditTrail;
import org.stele.archive.access.Permissions;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;
import org.stele.domain.Page;
import org.stele.domain.Timestamps;
import org.stele.domain.catalog.Namespace;
import org.stele.domain.catalog.Role;
import org.stele.domain.catalog.Scope;

/**
 * Webhook subscriptions: a namespace's owners subscribe to its events, administrators archive-wide ({@code namespace}
 * empty) to every event. The secret ({@code whsec_} and base64 of 32 random bytes) is shown when made and when
 * rotated, never again; after a rotation the previous secret also signs for a day, so receivers can switch over.
 * Every change is audited (without the secret). The delivery log and redelivery are here too.
 */
@ApplicationScoped
public class Subscriptions {
    static final String SECRET_PREFIX = "whsec_";
    private static final Duration ROTATION_OVERLAP = Duration.ofDays(1);
    private static final int MAX_PER_OWNER = 50;
    private static final int MAX_PAGE = 200;

    private final EntityManager entityManager;
    private final Permissions permissions;
    private final AuditTrail audit;
    private final Actor actor;
    private final TargetAddresses targets;

    Subscriptions(EntityManager entityManager, Permissions permissions, AuditTrail audit, Actor actor, TargetAddresses targets) {
        this.entityManager = entityManager;
        this.permissions = permissions;
        this.audit = audit;
        this.actor = actor;
        this.targets = targets;
    }

    /**
     * A subscription as its owners see it.
     *
     * @param namespace      null for an archive-wide subscription
     * @param secret         only in the answer that makes or rotates it; null otherwise
     * @param enabled        false once disabled, by its owners or after failing for days ({@code disabledReason} says why)
     * @param failingSince   since when every attempt has failed; null while deliveries succeed
     */
    public record Subscription(String id, String namespace, String url, List<String> events, boolean enabled,
            String disabledReason, Instant disabledAt, Instant failingSince, Instant createdAt, String createdBy,
            Instant updatedAt, String secret) {
    }

    /**
     * One delivery of one event to the subscription.
     *
     * @param state        {@code pending} (being tried), {@code delivered} or {@code failed} (given up)
     * @param lastStatus   HTTP status of the last attempt, null when there was no answer
     * @param nextAttempt  when it is tried next, while pending
     */
    public record DeliveryView(long id, String eventId, String event, String subject, String state, int attempts,
            Integer lastStatus, String lastError, Instant lastAttemptAt, Instant nextAttempt, Instant deliveredAt,
            Instant createdAt) {
    }

    /** What may change: each null leaves it as it is. */
    public record Change(String url, List<String> events, Boolean enabled) {
    }

    @Transactional
    public Subscription create(Optional<String> namespace, String url, List<String> events) {
        Optional<String> ns = owner(namespace, Scope.write);
        URI target = TargetAddresses.parse(url);
        List<String> types = events(events, ns.isEmpty());
        long existing = ((Number) entityManager.createNativeQuery(
                "select count(*) from webhook_subscription where coalesce(namespace, '') = ?1")
                .setParameter(1, ns.orElse("")).getSingleResult()).longValue();
        if (existing >= MAX_PER_OWNER) {
            throw new ArchiveException(ErrorCode.INVALID_REQUEST, "at most " + MAX_PER_OWNER + " webhooks per namespace");
        }
        targets.requireAllowed(target);
        String id = "wh_" + HexFormat.of().formatHex(EventOutbox.bytes(12));
        String secret = newSecret();
        entityManager.createNativeQuery("""
                insert into webhook_subscription (id, namespace, url, events, secret, created_by)
                values (?1, ?2, ?3, cast(?4 as text[]), ?5, ?6)""")
                .setParameter(1, id).setParameter(2, ns.orElse(null)).setParameter(3, target.toString())
                .setParameter(4, array(types)).setParameter(5, secret).setParameter(6, actor.name()).executeUpdate();
        audit.record("webhook.created", "webhook:" + id, ns, Map.of("url", target.toString(), "events", types));
        return withSecret(find(ns, id), secret);
    }

    @Transactional
    public List<Subscription> list(Optional<String> namespace) {
        Optional<String> ns = owner(namespace, Scope.read);
        return rows("where coalesce(namespace, '') = ?1 order by created_at, id", List.of(ns.orElse("")));
    }

    @Transactional
    public Subscription get(Optional<String> namespace, String id) {
        return find(owner(namespace, Scope.read), id);
    }

    @Transactional
    public Subscription update(Optional<String> namespace, String id, Change change) {
        Optional<String> ns = owner(namespace, Scope.write);
        Subscription current = find(ns, id);
        if (change.url() == null && change.events() == null && change.enabled() == null) {
            throw new ArchiveException(ErrorCode.INVALID_REQUEST, "change at least one of url, events, enabled");
        }
        URI target = change.url() == null ? URI.create(current.url()) : TargetAddresses.parse(change.url());
        List<String> types = change.events() == null ? current.events() : events(change.events(), ns.isEmpty());
        boolean enabled = change.enabled() == null ? current.enabled() : change.enabled();
        if (change.url() != null || (enabled && !current.enabled())) {
            targets.requireAllowed(target);
        }
        entityManager.createNativeQuery("""
                update webhook_subscription set url = ?2, events = cast(?3 as text[]), enabled = ?4, updated_at = now(),
                    disabled_reason = case when ?4 then null when enabled then ?5 else disabled_reason end,
                    disabled_at = case when ?4 then null when enabled then now() else disabled_at end,
                    failing_since = case when ?4 and not enabled then null else failing_since end
                where id = ?1""").setParameter(1, id).setParameter(2, target.toString()).setParameter(3, array(types))
                .setParameter(4, enabled).setParameter(5, "disabled by " + actor.name()).executeUpdate();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("url", target.toString());
        details.put("events", types);
        details.put("enabled", enabled);
        audit.record("webhook.updated", "webhook:" + id, ns, details);
        return find(ns, id);
    }

    @Transactional
    public void delete(Optional<String> namespace, String id) {
        Optional<String> ns = owner(namespace, Scope.write);
        Subscription current = find(ns, id);
        entityManager.createNativeQuery("delete from webhook_subscription where id = ?1").setParameter(1, id).executeUpdate();
        audit.record("webhook.deleted", "webhook:" + id, ns, Map.of("url", current.url()));
    }

    /** A new secret; the previous one keeps signing (as a second signature) for a day. */
    @Transactional
    public Subscription rotateSecret(Optional<String> namespace, String id) {
        Optional<String> ns = owner(namespace, Scope.write);
        find(ns, id);
        String secret = newSecret();
        entityManager.createNativeQuery("""
                update webhook_subscription set previous_secret = secret, previous_secret_until = now() + ?3 * interval '1 second',
                    secret = ?2, updated_at = now() where id = ?1""")
                .setParameter(1, id).setParameter(2, secret).setParameter(3, ROTATION_OVERLAP.toSeconds()).executeUpdate();
        audit.record("webhook.secret_rotated", "webhook:" + id, ns, Map.of());
        return withSecret(find(ns, id), secret);
    }

    /** The subscription's deliveries, newest first. */
    @Transactional
    public Page<DeliveryView> deliveries(Optional<String> namespace, String id, int limit, Optional<String> cursor) {
        Optional<String> ns = owner(namespace, Scope.read);
        find(ns, id);
        if (limit < 1 || limit > MAX_PAGE) {
            throw new ArchiveException(ErrorCode.INVALID_LIMIT, "limit is 1 to " + MAX_PAGE);
        }
        long before = cursor.map(c -> Page.idFromCursor('w', c)).orElse(Long.MAX_VALUE);
        List<?> rows = entityManager.createNativeQuery("""
                select d.id, d.event_id, e.type, e.subject, d.state, d.attempts, d.last_status, d.last_error, d.last_attempt_at,
                    d.next_attempt_at, d.delivered_at, d.created_at
                from webhook_delivery d join webhook_event e on e.id = d.event_id
                where d.subscription_id = ?1 and d.id < ?2 order by d.id desc limit ?3""")
                .setParameter(1, id).setParameter(2, before).setParameter(3, limit + 1).getResultList();
        List<DeliveryView> items = new ArrayList<>();
        for (Object row : rows.subList(0, Math.min(limit, rows.size()))) {
            Object[] r = (Object[]) row;
            boolean pending = "pending".equals(r[4]);
            items.add(new DeliveryView(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3], (String) r[4],
                    ((Number) r[5]).intValue(), r[6] == null ? null : ((Number) r[6]).intValue(), (String) r[7],
                    Timestamps.instant(r[8]), pending ? Timestamps.instant(r[9]) : null, Timestamps.instant(r[10]),
                    Timestamps.instant(r[11])));
        }
        String next = rows.size() > limit ? Page.idCursor('w', items.get(items.size() - 1).id()) : null;
        return new Page<>(items, next);
    }

    /**
     * Sends a delivery again, with the same {@code webhook-id} and body, and retries it for another maximum age: a
     * failed one after its receiver is fixed, or a delivered one a receiver lost.
     */
    @Transactional
    public DeliveryView redeliver(Optional<String> namespace, String id, long deliveryId, Duration maxAge) {
        Optional<String> ns = owner(namespace, Scope.write);
        find(ns, id);
        int changed = entityManager.createNativeQuery("""
                update webhook_delivery set state = 'pending', next_attempt_at = now(), attempts = 0,
                    give_up_at = now() + ?3 * interval '1 millisecond', claimed_until = null
                where id = ?1 and subscription_id = ?2""").setParameter(1, deliveryId).setParameter(2, id)
                .setParameter(3, maxAge.toMillis()).executeUpdate();
        if (changed == 0) {
            throw new ArchiveException(ErrorCode.DELIVERY_NOT_FOUND, "no delivery " + deliveryId + " of webhook " + id);
        }
        audit.record("webhook.redelivered", "webhook:" + id, ns, Map.of("delivery", deliveryId));
        return deliveries(namespace, id, MAX_PAGE, Optional.of(Page.idCursor('w', deliveryId + 1))).items().get(0);
    }

    /**
     * The namespace (its stored spelling) whose owner the caller is, or empty for archive-wide: administrators only.
     * A namespace that does not exist is 404 {@code namespace_not_found} (after the permission check).
     */
    private Optional<String> owner(Optional<String> namespace, Scope scope) {
        if (namespace.isEmpty()) {
            permissions.requireAdmin();
            return Optional.empty();
        }
        permissions.requireNamespace(namespace.get(), Role.owner, scope);
        return Optional.of(Namespace.byName(namespace.get()).map(n -> n.name)
                .orElseThrow(() -> new ArchiveException(ErrorCode.NAMESPACE_NOT_FOUND, "no namespace " + namespace.get())));
    }

    private static List<String> events(List<String> events, boolean archiveWide) {
        if (events == null || events.isEmpty()) {
            throw new ArchiveException(ErrorCode.INVALID_EVENT, "events must name at least one of " + EventOutbox.allowed(archiveWide));
        }
        Set<String> allowed = EventOutbox.allowed(archiveWide);
        Set<String> chosen = new LinkedHashSet<>();
        for (String event : events) {
            if (event == null || !allowed.contains(event)) {
                String hint = event != null && EventOutbox.ARCHIVE_EVENTS.contains(event)
                        ? " (archive-wide subscriptions only, POST /api/v1/webhooks as an administrator)" : "";
                throw new ArchiveException(ErrorCode.INVALID_EVENT, "unknown event " + event + hint + "; events are " + allowed);
            }
            chosen.add(event);
        }
        return List.copyOf(chosen);
    }

    private static String newSecret() {
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(EventOutbox.bytes(32));
    }

    private static String array(List<String> values) {
        // A PostgreSQL array literal; event names are [a-z._] only, checked above.
        return "{" + String.join(",", values) + "}";
    }

    private Subscription find(Optional<String> ns, String id) {
        return rows("where coalesce(namespace, '') = ?1 and id = ?2", List.of(ns.orElse(""), id == null ? "" : id))
                .stream().findFirst()
                .orElseThrow(() -> new ArchiveException(ErrorCode.WEBHOOK_NOT_FOUND,
                        "no webhook " + id + (ns.isPresent() ? " in namespace " + ns.get() : " archive-wide")));
    }

    private List<Subscription> rows(String where, List<String> parameters) {
        var query = entityManager.createNativeQuery("""
                select id, namespace, url, array_to_string(events, ','), enabled, disabled_reason, disabled_at, failing_since,
                    created_at, created_by, updated_at
                from webhook_subscription\s""" + where);
        for (int i = 0; i < parameters.size(); i++) {
            query.setParameter(i + 1, parameters.get(i));
        }
        List<?> rows = query.getResultList();
        return rows.stream().map(Object[].class::cast).map(r -> new Subscription((String) r[0], (String) r[1], (String) r[2],
                List.of(((String) r[3]).split(",")), (Boolean) r[4], (String) r[5], Timestamps.instant(r[6]),
                Timestamps.instant(r[7]), Timestamps.instant(r[8]), (String) r[9], Timestamps.instant(r[10]), null)).toList();
    }

    private static Subscription withSecret(Subscription s, String secret) {
        return new Subscription(s.id(), s.namespace(), s.url(), s.events(), s.enabled(), s.disabledReason(), s.disabledAt(),
                s.failingSince(), s.createdAt(), s.createdBy(), s.updatedAt(), secret);
    }
}
