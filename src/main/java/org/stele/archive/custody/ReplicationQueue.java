package org.stele.archive.custody;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.stele.domain.Digest;
import org.stele.domain.Timestamps;

/** The durable queue of copies to the replica ({@code replication_task}) that {@link Replication} works through. Runs in the caller's transaction. */
@ApplicationScoped
class ReplicationQueue {
    private final EntityManager entityManager;

    ReplicationQueue(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** A copy claimed for an attempt. */
    record Task(String key, Digest digest, long generation, int attempts, String previousError) {
    }

    /** Counts over the queue. */
    record Counts(long count, Instant oldest, long failing) {
    }

    /** Queues a copy of {@code key}; a key queued again gets a new generation, so a copy of older bytes cannot retire it. */
    void add(String key, Digest digest) {
        entityManager.createNativeQuery("""
                insert into replication_task (key, digest) values (?1, ?2)
                on conflict (key) do update set generation = replication_task.generation + 1""")
                .setParameter(1, key).setParameter(2, digest == null ? null : digest.toString()).executeUpdate();
    }

    boolean holds(String key) {
        return !entityManager.createNativeQuery("select 1 from replication_task where key = ?1").setParameter(1, key)
                .getResultList().isEmpty();
    }

    /**
     * Claims up to {@code limit} due copies, oldest first, for {@code claim}: rows another instance holds are skipped,
     * and a claim not finished in time falls due again.
     */
    List<Task> claim(Duration claim, int limit) {
        List<?> rows = entityManager.createNativeQuery("""
                update replication_task t set attempts = t.attempts + 1, last_attempt_at = now(),
                    next_attempt_at = now() + ?1 * interval '1 second'
                from (select key, last_error from replication_task where next_attempt_at <= now()
                      order by enqueued_at limit ?2 for update skip locked) due
                where t.key = due.key
                returning t.key, t.digest, t.generation, t.attempts, due.last_error""")
                .setParameter(1, claim.toSeconds()).setParameter(2, limit).getResultList();
        return rows.stream().map(Object[].class::cast).map(r -> new Task((String) r[0],
                r[1] == null ? null : Digest.parse((String) r[1]), ((Number) r[2]).longValue(), ((Number) r[3]).intValue(),
                (String) r[4])).toList();
    }

    /** The catalogued size of a blob that is still kept (not collected, not taken down). */
    Optional<Long> keptBlobSize(Digest digest) {
        List<?> rows = entityManager.createNativeQuery("select size from blob where digest = ?1 and purged_at is null")
                .setParameter(1, digest.toString()).getResultList();
        return rows.stream().findFirst().map(n -> ((Number) n).longValue());
    }

    /** Removes a copied task, unless it was queued again meanwhile: then it falls due at once. */
    void done(Task task) {
        int removed = entityManager.createNativeQuery("delete from replication_task where key = ?1 and generation = ?2")
                .setParameter(1, task.key()).setParameter(2, task.generation()).executeUpdate();
        if (removed == 0) {
            entityManager.createNativeQuery("update replication_task set next_attempt_at = now() where key = ?1")
                    .setParameter(1, task.key()).executeUpdate();
        }
    }

    void retryLater(String key, Duration delay, String error) {
        entityManager.createNativeQuery("""
                update replication_task set next_attempt_at = now() + ?2 * interval '1 millisecond', last_error = ?3
                where key = ?1""").setParameter(1, key).setParameter(2, delay.toMillis()).setParameter(3, error).executeUpdate();
    }

    Counts counts() {
        Object[] r = (Object[]) entityManager.createNativeQuery("""
                select count(*), min(enqueued_at), count(*) filter (where last_error is not null) from replication_task""")
                .getSingleResult();
        return new Counts(((Number) r[0]).longValue(), Timestamps.instant(r[1]), ((Number) r[2]).longValue());
    }

    /** The most recent failed attempt still waiting for a retry. */
    Optional<Replication.LastError> lastError() {
        List<?> rows = entityManager.createNativeQuery("""
                select key, last_error, attempts, last_attempt_at, next_attempt_at from replication_task
                where last_error is not null order by last_attempt_at desc limit 1""").getResultList();
        return rows.stream().map(Object[].class::cast).findFirst().map(r -> new Replication.LastError((String) r[0],
                (String) r[1], ((Number) r[2]).intValue(), Timestamps.instant(r[3]), Timestamps.instant(r[4])));
    }
}
