package org.stele.archive.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The audit trail appends, and the database refuses to change or remove what it holds. */
@QuarkusTest
class AuditTrailTest {
    @Inject
    AuditTrail trail;

    @Inject
    EntityManager entityManager;

    @Test
    void outsideARequestTheSystemIsTheActorAndRowsCannotBeChanged() {
        String target = "sha256:" + "ab".repeat(32);
        trail.record("fixity.failed", target, Optional.of("lab"), Map.of("reason", "hash differs"));

        List<?> rows = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "select actor, action, namespace, details->>'reason' from audit_event where target = ?1")
                .setParameter(1, target).getResultList());
        assertThat(rows).hasSize(1);
        assertThat((Object[]) rows.get(0)).containsExactly("system", "fixity.failed", "lab", "hash differs");

        for (String change : List.of("update audit_event set actor = 'someone else'", "delete from audit_event",
                "truncate audit_event")) {
            assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() ->
                    entityManager.createNativeQuery(change).executeUpdate()))
                    .as(change).hasStackTraceContaining("append-only");
        }
        Number count = QuarkusTransaction.requiringNew().call(() -> (Number) entityManager.createNativeQuery(
                "select count(*) from audit_event where target = ?1 and actor = 'system'")
                .setParameter(1, target).getSingleResult());
        assertThat(count.longValue()).isEqualTo(1);
    }
}
