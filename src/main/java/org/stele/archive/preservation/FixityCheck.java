package org.stele.archive.preservation;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.stele.archive.custody.BlobConditions;
import org.stele.archive.custody.FixityRecords;
import org.stele.archive.custody.Replication;
import org.stele.archive.custody.StoredCopies;
import org.stele.archive.metrics.PreservationMetrics;
import org.stele.domain.Digest;
import org.stele.store.BlobStore;
import org.stele.store.ReplicaStore;
import org.stele.store.StorageLayout;
import org.stele.store.StoredObject;
import org.stele.store.Throttle;

/**
 * The fixity check itself, whoever schedules it ({@link FixityAudit}): re-reads both copies of one blob, compares what
 * they hash to with the catalog, records the outcome and mends what can be mended. Damage is repaired from a verified
 * replica copy when there is one; a damaged replica copy is copied again from a good primary. At the end of a pass,
 * the stored documents are proven too.
 */
@ApplicationScoped
class FixityCheck {
    private static final Logger LOG = Logger.getLogger(FixityCheck.class);
    /** How many known-damaged blobs one round of repairs takes on. */
    private static final int REPAIRS = 100;

    private final FixityRecords fixity;
    private final BlobStore primary;
    private final Optional<BlobStore> replica;
    private final BlobConditions conditions;
    private final Replication replication;
    private final PreservationMetrics metrics;
    private final RecordAudit records;

    FixityCheck(FixityRecords fixity, BlobStore primary, ReplicaStore replica, BlobConditions conditions,
            Replication replication, PreservationMetrics metrics, RecordAudit records) {
        this.fixity = fixity;
        this.primary = primary;
        this.replica = replica.store();
        this.conditions = conditions;
        this.replication = replication;
        this.metrics = metrics;
        this.records = records;
    }

    /** What checking one blob found: whether a copy was damaged, and whether the primary was repaired. */
    record Found(boolean damaged, boolean repaired) {
    }

    /** Checks both copies of one blob and mends what can be mended. An unreadable primary store stops the pass. */
    Found check(Digest digest, long size, Throttle throttle) throws IOException {
        StoredCopies.Check main = StoredCopies.check(primary, digest, size, throttle);
        metrics.checked();
        conditions.record(digest, BlobConditions.Copy.primary, main.outcome(), main.detail(), "fixity");
        if (replica.isEmpty()) {
            return new Found(!main.ok(), false);
        }
        StoredCopies.Check copy;
        try {
            copy = StoredCopies.check(replica.get(), digest, size, throttle);
        } catch (IOException e) {
            LOG.warnf("replica store unreadable while checking %s: %s", digest, e.getMessage());
            return new Found(!main.ok(), false);
        }
        metrics.checked();
        if (copy.outcome() == BlobConditions.Outcome.missing && replication.pending(StorageLayout.blob(digest))) {
            return new Found(!main.ok(), false); // not lost: its copy is still on the way (see the replication backlog)
        }
        conditions.record(digest, BlobConditions.Copy.replica, copy.outcome(), copy.detail(), "fixity");
        if (!main.ok() && copy.ok()) {
            return new Found(true, repair(digest, size, throttle));
        }
        if (main.ok() && !copy.ok()) {
            QuarkusTransaction.requiringNew().run(() -> replication.enqueue(StorageLayout.blob(digest), digest));
        }
        return new Found(!main.ok(), false);
    }

    /** Copies the replica's copy over the damaged primary one, under the pass's bandwidth cap; both are proven on the way. */
    private boolean repair(Digest digest, long size, Throttle throttle) {
        try {
            StoredCopies.copyBlob(replica.orElseThrow(), primary, digest, size, throttle);
        } catch (IOException e) {
            LOG.warnf("could not repair %s from the replica: %s", digest, e.getMessage());
            return false;
        }
        conditions.record(digest, BlobConditions.Copy.primary, BlobConditions.Outcome.ok, "repaired from the replica store", "repair");
        metrics.repaired();
        LOG.infof("repaired %s from the replica store", digest);
        return true;
    }

    /**
     * Repairs blobs found damaged since (by downloads, replication or a pass) whose replica copy is not known to be bad,
     * or was last seen bad over an hour ago; the replica copy is proven first.
     */
    void repairKnownDamage(Throttle throttle) {
        if (replica.isEmpty()) {
            return;
        }
        for (FixityRecords.Sized damaged : QuarkusTransaction.requiringNew().call(() -> fixity.repairable(REPAIRS))) {
            Digest digest = damaged.digest();
            long size = damaged.size();
            StoredCopies.Check copy;
            try {
                copy = StoredCopies.check(replica.get(), digest, size, throttle);
            } catch (IOException e) {
                LOG.warnf("replica store unreadable, repairs wait: %s", e.getMessage());
                return; // a replica outage must not hold up the pass itself
            }
            conditions.record(digest, BlobConditions.Copy.replica, copy.outcome(), copy.detail(), "repair");
            if (copy.ok()) {
                repair(digest, size, throttle);
            }
        }
    }

    /**
     * What a pass checks once every blob is done: the stored documents against the catalog (see {@link RecordAudit}),
     * and that each has a copy in the replica. Answers how many documents were written again.
     */
    int checkDocuments() {
        int repaired;
        try {
            repaired = records.checkAll();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("could not check the stored records, the next pass will: %s", e.getMessage());
            repaired = 0;
        }
        if (replica.isPresent()) {
            try {
                queueMissingRecords();
            } catch (IOException e) {
                LOG.warnf("could not compare records with the replica store, the next pass will: %s", e.getMessage());
            }
        }
        return repaired;
    }

    /** Records documents are not content-addressed: a pass makes sure each one has a same-sized copy in the replica. */
    private void queueMissingRecords() throws IOException {
        for (StoredObject record : primary.list(StorageLayout.RECORDS)) {
            if (!replica.orElseThrow().size(record.key()).equals(Optional.of(record.size()))) {
                QuarkusTransaction.requiringNew().run(() -> replication.enqueue(record.key(), null));
            }
        }
    }
}
