package org.stele.archive.publishing;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.jboss.logging.Logger;
import org.stele.archive.reading.VersionRecords;
import org.stele.archive.signing.DocumentSignatures;
import org.stele.config.StartupGate;
import org.stele.domain.catalog.Model;
import org.stele.domain.catalog.ModelVersion;
import org.stele.domain.catalog.VersionState;
import org.stele.store.BlobStore;
import org.stele.store.StorageLayout;

/**
 * Signs what was stored before archive signatures existed: each published or withdrawn version without its archive
 * signature gets one (from the catalog's digests), and each version record and model document without a signature
 * beside it is written again from the catalog, signed (as a repair writes it). Runs shortly after each start and then
 * hourly; finding nothing to do costs one storage lookup per document. Takedown documents are left to the fixity
 * pass, which rewrites them from the catalog.
 */
@ApplicationScoped
public class SignatureBackfill {
    private static final Logger LOG = Logger.getLogger(SignatureBackfill.class);
    private static final int BATCH = 100;

    private final VersionSignatures signatures;
    private final VersionRecords records;
    private final BlobStore store;

    SignatureBackfill(VersionSignatures signatures, VersionRecords records, BlobStore store) {
        this.signatures = signatures;
        this.records = records;
        this.store = store;
    }

    /** What one run signed. */
    public record Signed(int versionSignatures, int records, int modelDocuments) {
    }

    @Scheduled(every = "1h", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = StartupGate.Closed.class)
    void scheduled() {
        Signed signed = run();
        if (signed.versionSignatures() + signed.records() + signed.modelDocuments() > 0) {
            LOG.infof("signed what was stored before archive signatures: %d versions, %d records, %d model documents",
                    signed.versionSignatures(), signed.records(), signed.modelDocuments());
        }
    }

    /** One pass over the catalog, a transaction per repair. */
    public Signed run() {
        int bundles = 0;
        int versionRecords = 0;
        long after = 0;
        for (List<Long> batch; !(batch = versionsAfter(after)).isEmpty(); after = batch.get(batch.size() - 1)) {
            for (long id : batch) {
                ModelVersion found = QuarkusTransaction.requiringNew().call(() -> ModelVersion.findById(id));
                if (!signatures.isStored(found.pid)) {
                    QuarkusTransaction.requiringNew().run(() -> signatures.signNow(ModelVersion.findById(id)));
                    bundles++;
                }
                if (!signed(StorageLayout.record(found.pid))) {
                    QuarkusTransaction.requiringNew().run(() -> {
                        // Under the row lock publishing and withdrawing take, so an older state never overwrites a newer.
                        ModelVersion version = ModelVersion.byLabel(found.modelId, found.label, true).orElseThrow();
                        records.store(VersionRecords.of(Model.findById(version.modelId), version));
                    });
                    versionRecords++;
                }
            }
        }
        int models = 0;
        for (Long id : QuarkusTransaction.requiringNew().call(() -> Model.<Model>listAll().stream().map(m -> m.id).toList())) {
            Model model = QuarkusTransaction.requiringNew().call(() -> Model.findById(id));
            if (!signed(StorageLayout.record(model.conceptPid))) {
                QuarkusTransaction.requiringNew().run(() -> records.store(Model.<Model>findById(id)));
                models++;
            }
        }
        return new Signed(bundles, versionRecords, models);
    }

    private static List<Long> versionsAfter(long after) {
        return QuarkusTransaction.requiringNew().call(() -> ModelVersion.<ModelVersion>find(
                "id > ?1 and state in (?2, ?3) order by id", after, VersionState.published, VersionState.withdrawn)
                .page(0, BATCH).list().stream().map(v -> v.id).toList());
    }

    private boolean signed(String documentKey) {
        try {
            return store.size(DocumentSignatures.signatureKey(documentKey)).isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException("could not look for the signature of " + documentKey, e);
        }
    }
}
