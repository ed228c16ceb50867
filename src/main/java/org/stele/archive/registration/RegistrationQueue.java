package org.stele.archive.registration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.stele.domain.Timestamps;

/**
 * The registration queue ({@code identifier_registration}): one row per identifier, with what DataCite holds for it
 * and a generation that the catalog's triggers bump on every change, in the transaction of the change. Rows are
 * claimed with {@code FOR UPDATE SKIP LOCKED} and held until a deadline, so one instance at a time works on an
 * identifier. Only identifiers under the configured prefix are claimed: DataCite takes no other. Runs in the caller's
 * transaction.
 */
@ApplicationScoped
class RegistrationQueue {
    private final EntityManager entityManager;

    RegistrationQueue(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** An identifier claimed for a send: the generation it is sent at, and what DataCite held before. */
    record Task(String pid, long generation, int attempts, Registration.State state, String sentDigest) {
    }

    /** The database's clock, which every due time in the queue is on. */
    Instant now() {
        return Timestamps.instant(entityManager.createNativeQuery("select now()").getSingleResult());
    }

    /**
     * Claims up to {@code limit} identifiers whose change was due by {@code dueBy}, oldest change first, for
     * {@code claim}: rows another instance holds are skipped, and a claim not finished in time falls due again.
     */
    List<Task> claim(String prefix, Instant dueBy, Duration claim, int limit) {
        List<?> rows = entityManager.createNativeQuery("""
                update identifier_registration r set attempts = r.attempts + 1, last_attempt_at = now(),
                    claimed_until = now() + ?2 * interval '1 millisecond'
                from (select pid from identifier_registration
                      where sent_generation < generation and next_attempt_at <= ?4
                        and (claimed_until is null or claimed_until < now()) and pid like ?1
                      order by changed_at, pid limit ?3 for update skip locked) due
                where r.pid = due.pid
                returning r.pid, r.generation, r.attempts, r.state, r.sent_digest""")
                .setParameter(1, prefix + "/%").setParameter(2, claim.toMillis()).setParameter(3, limit)
                .setParameter(4, dueBy).getResultList();
        return rows.stream().map(Object[].class::cast).map(r -> new Task((String) r[0], ((Number) r[1]).longValue(),
                ((Number) r[2]).intValue(), Registration.State.valueOf((String) r[3]), (String) r[4])).toList();
    }

    /**
     * The change is sent, or needed no call ({@code digest} null: the last one sent stays): DataCite now holds
     * {@code state}. A newer change stays due.
     */
    void sent(Task task, Registration.State state, String digest) {
        entityManager.createNativeQuery("""
                update identifier_registration set state = ?2, sent_generation = ?3, attempts = 0, claimed_until = null,
                    last_error = null, last_error_at = null, sent_at = case when ?4 then now() else sent_at end,
                    sent_digest = coalesce(?5, sent_digest)
                where pid = ?1""").setParameter(1, task.pid()).setParameter(2, state.name())
                .setParameter(3, task.generation()).setParameter(4, digest != null).setParameter(5, digest).executeUpdate();
    }

    /** The send failed: try again after {@code delay}, keeping the error for owners and administrators to see. */
    void failed(Task task, Duration delay, String error) {
        entityManager.createNativeQuery("""
                update identifier_registration set claimed_until = null, last_error = ?3, last_error_at = now(),
                    next_attempt_at = now() + ?2 * interval '1 millisecond'
                where pid = ?1""").setParameter(1, task.pid()).setParameter(2, delay.toMillis()).setParameter(3, error)
                .executeUpdate();
    }

    Optional<Registration.Status> status(String pid) {
        return rows("where pid = ?1", List.of(pid), 1).stream().findFirst();
    }

    /**
     * Identifiers under {@code prefix} in pid order after {@code after}, all or only those in one condition:
     * {@code failing} (last send failed), {@code pending} (a change waits) or a DataCite state.
     */
    List<Registration.Status> list(String prefix, Optional<String> condition, String after, int limit) {
        String filter = condition.map(c -> switch (c) {
            case "failing" -> " and last_error is not null";
            case "pending" -> " and sent_generation < generation";
            default -> " and state = ?3";
        }).orElse("");
        List<Object> parameters = new java.util.ArrayList<>(List.of(prefix + "/%", after));
        condition.filter(c -> !c.equals("failing") && !c.equals("pending")).ifPresent(parameters::add);
        return rows("where pid like ?1 and pid > ?2" + filter, parameters, limit);
    }

    private List<Registration.Status> rows(String where, List<Object> parameters, int limit) {
        var query = entityManager.createNativeQuery("""
                select pid, state, sent_generation < generation, changed_at, attempts, last_attempt_at, next_attempt_at,
                    last_error, last_error_at, sent_at
                from identifier_registration\s""" + where + " order by pid limit " + limit);
        for (int i = 0; i < parameters.size(); i++) {
            query.setParameter(i + 1, parameters.get(i));
        }
        List<?> rows = query.getResultList();
        return rows.stream().map(Object[].class::cast).map(r -> {
            boolean pending = (Boolean) r[2];
            return new Registration.Status((String) r[0], (String) r[1], pending, pending ? Timestamps.instant(r[3]) : null,
                    r[7] == null ? 0 : ((Number) r[4]).intValue(), Timestamps.instant(r[5]),
                    pending ? Timestamps.instant(r[6]) : null, (String) r[7], Timestamps.instant(r[8]), Timestamps.instant(r[9]));
        }).toList();
    }

    /** Whether DataCite holds {@code pid} as findable, as last sent. */
    boolean findable(String pid) {
        return !entityManager.createNativeQuery("select 1 from identifier_registration where pid = ?1 and state = 'findable'")
                .setParameter(1, pid).getResultList().isEmpty();
    }

    /** Counts over the identifiers under {@code prefix}. */
    record Counts(Map<String, Long> byState, long pending, long failing, Instant oldestPending) {
    }

    Counts counts(String prefix) {
        Map<String, Long> byState = new TreeMap<>();
        for (Registration.State state : Registration.State.values()) {
            byState.put(state.name(), 0L);
        }
        List<?> rows = entityManager.createNativeQuery("""
                select state, count(*) from identifier_registration where pid like ?1 group by state""")
                .setParameter(1, prefix + "/%").getResultList();
        rows.stream().map(Object[].class::cast).forEach(r -> byState.put((String) r[0], ((Number) r[1]).longValue()));
        Object[] r = (Object[]) entityManager.createNativeQuery("""
                select count(*) filter (where sent_generation < generation), count(*) filter (where last_error is not null),
                    min(changed_at) filter (where sent_generation < generation)
                from identifier_registration where pid like ?1""").setParameter(1, prefix + "/%").getSingleResult();
        return new Counts(byState, ((Number) r[0]).longValue(), ((Number) r[1]).longValue(), Timestamps.instant(r[2]));
    }
}
