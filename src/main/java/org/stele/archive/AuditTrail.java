package org.stele.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.Map;
import java.util.Optional;

/**
 * Appends to the audit trail ({@code audit_event}, append-only in the database). A change records itself in its
 * own transaction, so the change and its audit row commit or roll back together.
 */
@ApplicationScoped
public class AuditTrail {
    static final String SYSTEM = "system";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EntityManager entityManager;
    private final Actor actor;

    AuditTrail(EntityManager entityManager, Actor actor) {
        this.entityManager = entityManager;
        this.actor = actor;
    }

    /**
     * Records {@code action} on {@code target} (an identifier, {@code ns/name@version}, {@code sha256:…}, a token
     * id…) by the current actor, within the caller's transaction (or a new one when there is none).
     */
    public void record(String action, String target, Optional<String> namespace, Map<String, ?> details) {
        boolean inRequest = requestActive();
        String actorName = inRequest ? actor.token().map(t -> t.name).orElse("anonymous") : SYSTEM;
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
