package org.stele.archive.notification;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;
import org.jboss.logging.Logger;
import org.stele.config.StartupGate;
import org.stele.domain.Timestamps;
import org.stele.domain.catalog.Model;
import org.stele.domain.catalog.ModelVersion;

/**
 * Announces {@code version.embargo_lifted} when a published version's embargo date passes: no row changes then, so a
 * scheduled check looks for embargoes that ended (after the version was published) and are not yet announced. The
 * marker row and the event are written in one transaction, and the marker's key makes a second instance's insert wait
 * and then do nothing: each end is announced exactly once. An embargo lifted early by its owners is announced by the
 * change itself ({@code Versions.setEmbargo}).
 */
@ApplicationScoped
public class EmbargoEnds {
    private static final Logger LOG = Logger.getLogger(EmbargoEnds.class);
    private static final int BATCH = 100;

    private final EntityManager entityManager;
    private final EventOutbox outbox;

    EmbargoEnds(EntityManager entityManager, EventOutbox outbox) {
        this.entityManager = entityManager;
        this.outbox = outbox;
    }

    @Scheduled(every = "${stele.webhooks.embargo-check}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = StartupGate.Closed.class)
    void tick() {
        try {
            while (QuarkusTransaction.requiringNew().call(this::announceEnded) == BATCH) {
                LOG.debug("more ended embargoes to announce");
            }
        } catch (RuntimeException e) {
            LOG.warnf("announcing ended embargoes paused, will retry: %s", e.getMessage());
        }
    }

    /** Announces up to a batch of embargoes that ended; how many. Call inside a transaction. */
    int announceEnded() {
        List<?> ended = entityManager.createNativeQuery("""
                insert into webhook_embargo_announced (version_id, embargo_until)
                select v.id, v.embargo_until from model_version v
                where v.state = 'published' and v.embargo_until <= now() and v.embargo_until > v.published_at
                  and not exists (select 1 from webhook_embargo_announced a
                                  where a.version_id = v.id and a.embargo_until = v.embargo_until)
                order by v.embargo_until limit ?1
                on conflict do nothing returning version_id""").setParameter(1, BATCH).getResultList();
        for (Object id : ended) {
            ModelVersion version = ModelVersion.findById(((Number) id).longValue());
            Model model = Model.findById(version.modelId);
            outbox.embargoLifted(model, version, version.embargoUntil == null ? Timestamps.now() : version.embargoUntil);
        }
        return ended.size();
    }
}
