package org.stele.archive.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stele.domain.Page;
import org.stele.domain.catalog.Role;
import org.stele.domain.catalog.Scope;

/**
 * Appends to the audit trail ({@code audit_event}, append-only in the database). A change records itself in its
 * own transaction, so the change and its audit row commit or roll back together.
 */
@ApplicationScoped
public class AuditTrail {
    static final String SYSTEM = "system";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Permissions permissions;
    private final EntityManager entityManager;
    private final Actor actor;

    AuditTrail(EntityManager entityManager, Actor actor, Permissions permissions) {
        this.permissions = permissions;
        this.entityManager = entityManager;
        this.actor = actor;
    }

    /**
     * Records {@code action} on {@code target} (an identifier, {@code ns/name@version}, {@code sha256:…}, a token
     * id…) by the current actor, within the caller's transaction (or a new one when there is none).
     */
    public void record(String action, String target, Optional<String> namespace, Map<String, ?> details) {
        boolean inRequest = requestActive();
        String actorName = inRequest ? actor.name() : SYSTEM;
        String tokenName = inRequest ? actor.token().map(t -> t.name).orElse(null) : null;
        String address = inRequest ? actor.clientAddress().orElse(null) : null;
        String json = toJson(details);
        QuarkusTransaction.joiningExisting().run(() -> entityManager.createNativeQuery("""
                insert into audit_event (actor, token_name, action, target, namespace, client_address, details)
                values (?1, ?2, ?3, ?4, ?5, ?6, cast(?7 as jsonb))""")
                .setParameter(1, actorName)
                .setParameter(2, tokenName)
                .setParameter(3, action)
                .setParameter(4, target)
                .setParameter(5, namespace.orElse(null))
                .setParameter(6, address)
                .setParameter(7, json)
                .executeUpdate());
    }

    /** One event as {@code GET /api/v1/audit} shows it. */
    public record Event(long id, Instant at, String actor, String tokenName, String action, String target, String namespace,
            String clientAddress, Map<String, Object> details) {
    }

    /**
     * Events oldest first, optionally of one namespace, one target, and from {@code since} on; keyset-paginated
     * by id ({@code cursor} is the last id seen).
     */
    @Transactional
    public Page<Event> find(Optional<String> namespace, Optional<String> target, Optional<Instant> since, Optional<String> cursor,
            int limit) {
        permissions.requireAuthenticated("this operation");
        if (namespace.isEmpty()) {
            permissions.requireAdmin(); // the whole trail
        } else {
            permissions.requireNamespace(namespace.get(), Role.owner, Scope.read);
        }
        long after = cursor.map(c -> Page.idFromCursor('a', c)).orElse(0L);
        StringBuilder sql = new StringBuilder("""
                select id, at, actor, token_name, action, target, namespace, client_address, cast(details as text)
                from audit_event where id > :after""");
        namespace.ifPresent(ns -> sql.append(" and lower(namespace) = lower(:namespace)"));
        target.ifPresent(t -> sql.append(" and target = :target"));
        since.ifPresent(t -> sql.append(" and at >= :since"));
        sql.append(" order by id limit :limit");
        var query = entityManager.createNativeQuery(sql.toString()).setParameter("after", after).setParameter("limit", limit + 1);
        namespace.ifPresent(ns -> query.setParameter("namespace", ns));
        target.ifPresent(t -> query.setParameter("target", t));
        since.ifPresent(t -> query.setParameter("since", t.atOffset(java.time.ZoneOffset.UTC)));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        List<Event> events = new ArrayList<>();
        for (Object[] r : rows.subList(0, Math.min(limit, rows.size()))) {
            events.add(new Event(((Number) r[0]).longValue(), instant(r[1]), (String) r[2], (String) r[3], (String) r[4],
                    (String) r[5], (String) r[6], (String) r[7], fromJson((String) r[8])));
        }
        String next = rows.size() > limit ? Page.idCursor('a', events.get(events.size() - 1).id()) : null;
        return new Page<>(events, next);
    }

    /** Failed authentications from {@code clientAddress} within the last {@code window}, for rate limiting. */
    public long recentFailures(String clientAddress, java.time.Duration window) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery("""
                select count(*) from audit_event
                where action = 'auth.failed' and client_address = ?1 and at >= now() - make_interval(secs => ?2)""")
                .setParameter(1, clientAddress).setParameter(2, (double) window.toMillis() / 1000)
                .getSingleResult()).longValue());
    }

    private static Instant instant(Object value) {
        return value instanceof java.time.OffsetDateTime o ? o.toInstant()
                : value instanceof java.sql.Timestamp t ? t.toInstant() : (Instant) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fromJson(String json) {
        try {
            return JSON.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit details are JSON", e);
        }
    }

    private boolean requestActive() {
        ManagedContext context = Arc.container().requestContext();
        return context.isActive() && actor.isKnown();
    }

    private static String toJson(Map<String, ?> details) {
        try {
            return JSON.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit details must be JSON-serialisable", e);
        }
    }
}
