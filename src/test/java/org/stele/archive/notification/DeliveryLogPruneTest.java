package org.stele.archive.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The delivery log keeps finished deliveries for the retention period, and pending ones whatever their age. */
@QuarkusTest
class DeliveryLogPruneTest {
    @Inject
    EntityManager entityManager;

    @Inject
    DeliveryQueue queue;

    @Test
    @SuppressWarnings("unchecked")
    void oldFinishedDeliveriesAndTheEventsNoneNeedsAreForgotten() {
        String sub = "wh_prune" + System.nanoTime();
        QuarkusTransaction.requiringNew().run(() -> {
            sql("insert into webhook_subscription (id, url, events, secret, created_by, enabled) values ('" + sub
                    + "', 'http://127.0.0.1:9/', '{blob.damaged}', 'whsec_AAAA', 'test', false)");
            for (String e : List.of("old-done", "old-failed", "new-done", "old-pending")) {
                sql("insert into webhook_event (id, type, subject, body, occurred_at) values ('" + sub + e
                        + "', 'blob.damaged', 's', '{}', now() - interval '40 days')");
            }
            delivery(sub, "old-done", "delivered", "now() - interval '31 days'");
            delivery(sub, "old-failed", "failed", "null");
            delivery(sub, "new-done", "delivered", "now() - interval '1 day'");
            delivery(sub, "old-pending", "pending", "null");
        });
        int gone = QuarkusTransaction.requiringNew().call(() -> queue.prune(Duration.ofDays(30)));
        assertThat(gone).isGreaterThanOrEqualTo(2);
        List<Object> left = (List<Object>) (List<?>) QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "select event_id from webhook_delivery where subscription_id = ?1 order by event_id").setParameter(1, sub).getResultList());
        assertThat(left).containsExactly(sub + "new-done", sub + "old-pending");
        List<Object> events = (List<Object>) (List<?>) QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "select id from webhook_event where id like ?1 order by id").setParameter(1, sub + "%").getResultList());
        assertThat(events).containsExactly(sub + "new-done", sub + "old-pending");
        QuarkusTransaction.requiringNew().run(() -> sql("delete from webhook_subscription where id = '" + sub + "'"));
    }

    private void delivery(String sub, String event, String state, String deliveredAt) {
        sql("insert into webhook_delivery (subscription_id, event_id, state, created_at, last_attempt_at, delivered_at, give_up_at) values ('"
                + sub + "', '" + sub + event + "', '" + state + "', now() - interval '40 days', now() - interval '39 days', "
                + deliveredAt + ", now())");
    }

    private void sql(String statement) {
        entityManager.createNativeQuery(statement).executeUpdate();
    }
}
