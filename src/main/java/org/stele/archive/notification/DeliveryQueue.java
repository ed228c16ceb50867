package org.stele.archive.notification;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.stele.domain.Timestamps;

/**
 * The delivery queue ({@code webhook_delivery}): due deliveries of enabled subscriptions are claimed with
 * {@code FOR UPDATE SKIP LOCKED} and held until a deadline, so one instance sends each; a claim not finished in time
 * (the instance died) falls due again. The same shape as DataCite's {@code RegistrationQueue}, mirrored rather than
 * shared: the claims differ in their tables, joins and what they return, and the common part is one SQL statement.
 * Runs in the caller's transaction.
 */
@ApplicationScoped
class DeliveryQueue {
    private final EntityManager entityManager;

    DeliveryQueue(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * A delivery claimed for an attempt, with what it needs: the target, the secrets that sign (the previous one while
     * a rotation overlaps) and the event's body.
     */
    record Task(long id, String subscriptionId, String eventId, int attempts, Instant giveUpAt, String url, String secret,
            String previousSecret, String body) {
    }

    List<Task> claim(Duration claim, int limit) {
        List<?> rows = entityManager.createNativeQuery("""
                with claimed as (
                    update webhook_delivery d set attempts = d.attempts + 1, last_attempt_at = now(),
                        claimed_until = now() + ?1 * interval '1 millisecond'
                    from (select d2.id from webhook_delivery d2 join webhook_subscription s on s.id = d2.subscription_id
                          where d2.state = 'pending' and d2.next_attempt_at <= now() and s.enabled
                            and (d2.claimed_until is null or d2.claimed_until < now())
                          order by d2.next_attempt_at, d2.id limit ?2 for update of d2 skip locked) due
                    where d.id = due.id
                    returning d.id, d.subscription_id, d.event_id, d.attempts, d.give_up_at)
                select c.id, c.subscription_id, c.event_id, c.attempts, c.give_up_at, s.url, s.secret,
                    case when s.previous_secret_until > now() then s.previous_secret end, e.body
                from claimed c join webhook_subscription s on s.id = c.subscription_id join webhook_event e on e.id = c.event_id
                order by c.id""").setParameter(1, claim.toMillis()).setParameter(2, limit).getResultList();
        return rows.stream().map(Object[].class::cast).map(r -> new Task(((Number) r[0]).longValue(), (String) r[1], (String) r[2],
                ((Number) r[3]).intValue(), Timestamps.instant(r[4]), (String) r[5], (String) r[6], (String) r[7], (String) r[8]))
                .toList();
    }

    /** The receiver took it: the delivery is done, and its subscription no longer failing. */
    void delivered(Task task, int status) {
        entityManager.createNativeQuery("""
                update webhook_delivery set state = 'delivered', delivered_at = now(), last_status = ?2, last_error = null,
                    claimed_until = null where id = ?1""").setParameter(1, task.id()).setParameter(2, status).executeUpdate();
        entityManager.createNativeQuery("update webhook_subscription set failing_since = null where id = ?1 and failing_since is not null")
                .setParameter(1, task.subscriptionId()).executeUpdate();
    }

    /**
     * The attempt failed ({@code status} null: no answer): retried after {@code delay}, or marked failed when that
     * would be past its deadline or {@code giveUp} says so.
     */
    void failed(Task task, Integer status, String error, Duration delay, boolean giveUp) {
        entityManager.createNativeQuery("""
                update webhook_delivery set last_status = nullif(?2, -1), last_error = ?3, claimed_until = null,
                    next_attempt_at = now() + ?4 * interval '1 millisecond',
                    state = case when ?5 or now() + ?4 * interval '1 millisecond' > give_up_at then 'failed' else 'pending' end
                where id = ?1""").setParameter(1, task.id()).setParameter(2, status == null ? -1 : status).setParameter(3, error)
                .setParameter(4, delay.toMillis()).setParameter(5, giveUp).executeUpdate();
    }

    /**
     * Marks the subscription failing (since the first failure in a row) and disables it once it has failed for
     * {@code disableAfter}, or at once when {@code now}; when it did, its namespace (empty: archive-wide) and why.
     */
    Optional<Disabled> subscriptionFailed(Task task, String error, Duration disableAfter, boolean now) {
        String reason = (now ? "" : "every delivery failed for " + readable(disableAfter) + "; ") + "last: " + error;
        List<?> disabled = entityManager.createNativeQuery("""
                update webhook_subscription set failing_since = coalesce(failing_since, now()),
                    enabled = not (?3 or coalesce(failing_since, now()) < now() - ?2 * interval '1 millisecond'),
                    disabled_at = case when ?3 or coalesce(failing_since, now()) < now() - ?2 * interval '1 millisecond'
                                  then now() end,
                    disabled_reason = case when ?3 or coalesce(failing_since, now()) < now() - ?2 * interval '1 millisecond'
                                      then ?4 end
                where id = ?1 and enabled returning enabled, coalesce(namespace, '')""").setParameter(1, task.subscriptionId())
                .setParameter(2, disableAfter.toMillis()).setParameter(3, now).setParameter(4, reason).getResultList();
        return disabled.stream().map(Object[].class::cast).filter(r -> Boolean.FALSE.equals(r[0]))
                .map(r -> new Disabled(Optional.of((String) r[1]).filter(n -> !n.isEmpty()), reason)).findFirst();
    }

    /** A subscription disabled for failing. */
    record Disabled(Optional<String> namespace, String reason) {
    }

    private static String readable(Duration d) {
        return d.toDays() >= 1 ? d.toDays() + " days" : d.toHours() >= 1 ? d.toHours() + " hours"
                : d.toMinutes() >= 1 ? d.toMinutes() + " minutes" : d.toSeconds() + " seconds";
    }

    /**
     * Forgets deliveries delivered or given up before {@code keep} ago, and events no delivery needs any more; how many
     * deliveries went. Pending ones stay whatever their age.
     */
    int prune(Duration keep) {
        int gone = entityManager.createNativeQuery("""
                delete from webhook_delivery where state <> 'pending'
                    and coalesce(delivered_at, last_attempt_at, created_at) < now() - ?1 * interval '1 millisecond'""")
                .setParameter(1, keep.toMillis()).executeUpdate();
        entityManager.createNativeQuery("""
                delete from webhook_event e where e.occurred_at < now() - ?1 * interval '1 millisecond'
                    and not exists (select 1 from webhook_delivery d where d.event_id = e.id)""")
                .setParameter(1, keep.toMillis()).executeUpdate();
        return gone;
    }

    /** How many deliveries wait, and how long the oldest has. */
    record Backlog(long pending, Instant oldest) {
    }

    Backlog backlog() {
        Object[] r = (Object[]) entityManager.createNativeQuery(
                "select count(*), min(created_at) from webhook_delivery where state = 'pending'").getSingleResult();
        return new Backlog(((Number) r[0]).longValue(), Timestamps.instant(r[1]));
    }
}
