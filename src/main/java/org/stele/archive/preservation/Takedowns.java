package org.stele.archive.preservation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.stele.archive.access.AuditTrail;
import org.stele.archive.access.Permissions;
import org.stele.archive.reading.TakedownDocument;
import org.stele.archive.reading.VersionLookup;
import org.stele.archive.reading.VersionRecords;
import org.stele.domain.ArchiveException;
import org.stele.domain.Digest;
import org.stele.domain.ErrorCode;
import org.stele.domain.Timestamps;
import org.stele.domain.catalog.Blob;
import org.stele.domain.catalog.Model;
import org.stele.domain.catalog.ModelVersion;
import org.stele.domain.catalog.VersionFile;
import org.stele.domain.catalog.VersionState;
import org.stele.store.BlobStore;
import org.stele.store.ReplicaStore;
import org.stele.store.StorageLayout;

/**
 * Legal takedown: removes the bytes of one withdrawn version from storage. Its identifier, tombstone, record and
 * manifest digest stay; bytes another version (draft, published, or withdrawn but not purged) shares are kept.
 */
@ApplicationScoped
public class Takedowns {
    private static final Logger LOG = Logger.getLogger(Takedowns.class);

    private final Permissions permissions;
    private final BlobStore store;
    private final ReplicaStore replica;
    private final AuditTrail audit;
    private final VersionRecords records;

    Takedowns(BlobStore store, ReplicaStore replica, AuditTrail audit, VersionRecords records, Permissions permissions) {
        this.permissions = permissions;
        this.store = store;
        this.replica = replica;
        this.audit = audit;
        this.records = records;
    }

    /** What a purge did: the digests whose bytes went, and those kept because another version holds them. */
    public record Purge(String pid, String version, Instant purgedAt, List<String> purged, List<String> kept) {
    }

    @Transactional
    public Purge purge(String namespace, String name, String label, String reason) {
        permissions.requireAdmin();
        if (reason == null || reason.isBlank() || reason.length() > 2000) {
            throw new ArchiveException(ErrorCode.INVALID_REASON, "a purge needs a reason of 1 to 2000 characters");
        }
        Model model = Model.named(namespace, name);
        ModelVersion version = ModelVersion.byLabel(model.id, label, true)
                .filter(v -> v.state != VersionState.discarded && v.state != VersionState.draft)
                .orElseThrow(() -> VersionLookup.versionNotFound(label));
        if (version.state != VersionState.withdrawn) {
            throw new ArchiveException(ErrorCode.NOT_WITHDRAWN, "only a withdrawn version's bytes can be purged; " + label + " is " + version.state + " (withdraw it first)");
        }
        if (version.purgedAt != null) {
            throw new ArchiveException(ErrorCode.ALREADY_PURGED, "version " + label + " was purged on " + version.purgedAt);
        }
        Instant now = Timestamps.now();
        List<String> purged = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<String> digests = VersionFile.ofVersion(version.id).stream().map(f -> f.digest).distinct().sorted().toList();
        for (String digest : digests) {
            Blob blob = Blob.lockForReference(Digest.parse(digest)).orElseThrow();
            if (blob.purgedAt != null) {
                continue;
            }
            if (VersionFile.heldElsewhere(digest, version.id)) {
                kept.add(digest);
                continue;
            }
            blob.purgedAt = now;
            purged.add(digest);
        }
        version.purgedAt = now;
        version.purgeReason = reason.strip();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", version.purgeReason);
        details.put("version", namespace + "/" + name + "@" + label);
        details.put("purged", purged);
        details.put("kept", kept);
        audit.record("purge", version.pid, Optional.of(model.namespace), details);
        ModelVersion.flush();
        // Storage remembers the takedown too, so a rebuilt catalog tells these missing bytes from lost ones.
        records.store(new TakedownDocument(TakedownDocument.KIND, version.pid, label, now, version.purgeReason, purged));
        // Bytes last, before the commit: a failure here rolls the catalog back and the purge can simply be retried.
        // The replica's copy first: should the replica be out, the primary copy is still there and nothing needs repair.
        for (String digest : purged) {
            try {
                replica.delete(StorageLayout.blob(Digest.parse(digest))); // a takedown leaves no copy anywhere
                store.delete(StorageLayout.blob(Digest.parse(digest)));
            } catch (IOException e) {
                forgetTakedownDocument(version.pid);
                throw new UncheckedIOException("could not delete the bytes of " + digest, e);
            }
        }
        LOG.infof("purged %s/%s %s (%s): %d blobs removed, %d kept", namespace, name, label, version.pid, purged.size(), kept.size());
        return new Purge(version.pid, label, now, purged, kept);
    }

    /** A purge that failed takes its document back, so storage does not claim a takedown the catalog rolled back. */
    private void forgetTakedownDocument(String pid) {
        try {
            store.delete(StorageLayout.takedown(pid));
        } catch (IOException e) {
            LOG.warnf("could not remove the takedown document of the failed purge of %s: %s", pid, e.getMessage());
        }
    }
}
