package org.stele.archive.preservation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.stele.archive.access.AuditTrail;
import org.stele.archive.reading.ModelDocument;
import org.stele.archive.reading.TakedownDocument;
import org.stele.archive.reading.VersionRecords;
import org.stele.domain.catalog.Model;
import org.stele.domain.catalog.ModelVersion;
import org.stele.store.BlobStore;
import org.stele.store.NoSuchObjectException;
import org.stele.store.StorageLayout;

/**
 * Proves the documents a catalog rebuild depends on, at the end of every fixity pass: each released version's record,
 * each model's document and each takedown's document must be in storage and agree with the catalog (a version record
 * names the version's identifier, state and manifest digest, and its files hash to that digest). A missing, unreadable
 * or altered document is written again from the catalog, audited as {@code record.repaired}, and queued for the
 * replica. Records are not content-addressed, so the catalog is what they are proven against.
 */
@ApplicationScoped
class RecordAudit {
    private static final Logger LOG = Logger.getLogger(RecordAudit.class);

    private final CatalogDocuments catalog;
    private final BlobStore primary;
    private final ObjectMapper json;
    private final VersionRecords records;
    private final AuditTrail audit;

    RecordAudit(CatalogDocuments catalog, BlobStore primary, ObjectMapper json, VersionRecords records, AuditTrail audit) {
        this.catalog = catalog;
        this.primary = primary;
        this.json = json;
        this.records = records;
        this.audit = audit;
    }

    /** Checks every document; answers how many were written again. */
    int checkAll() throws IOException {
        int repaired = 0;
        for (CatalogDocuments.Concept concept : QuarkusTransaction.requiringNew().call(catalog::models)) {
            long model = concept.id();
            String pid = concept.pid();
            if (modelProblem(pid) != null) {
                repaired += repair(pid, StorageLayout.record(pid), () -> catalog.lockModel(model),
                        () -> modelProblem(pid), () -> records.store(Model.<Model>findById(model)));
            }
        }
        for (CatalogDocuments.Released version : QuarkusTransaction.requiringNew().call(() -> catalog.released())) {
            if (versionProblem(version) != null) {
                repaired += repair(version.pid(), StorageLayout.record(version.pid()), () -> catalog.lockVersion(version.id()),
                        () -> versionProblem(catalog.released(version.id())), () -> {
                            ModelVersion v = ModelVersion.findById(version.id());
                            records.store(VersionRecords.of(Model.<Model>findById(v.modelId), v));
                        });
            }
            if (takedownProblem(version) != null) {
                repaired += repair(version.pid(), StorageLayout.takedown(version.pid()), () -> catalog.lockVersion(version.id()),
                        () -> takedownProblem(catalog.released(version.id())), () -> records.store(takedown(version.id())));
            }
        }
        return repaired;
    }

    /** A check that reads storage, as the supplier of a repair's second look. */
    private interface Check {
        String problem() throws IOException;
    }

    /**
     * Looks again under the row lock that publishing, withdrawal and embargo changes also take before they write a
     * document, so a document being rewritten by one of them is never overwritten with the catalog's older state.
     * Answers 1 when the document was written again.
     */
    private int repair(String pid, String key, Runnable lock, Check check, Runnable rewrite) {
        String problem = QuarkusTransaction.requiringNew().call(() -> {
            lock.run();
            String found = check.problem();
            if (found != null) {
                rewrite.run();
                audit.record("record.repaired", pid, Optional.empty(), Map.of("key", key, "problem", found));
            }
            return found;
        });
        if (problem == null) {
            return 0;
        }
        LOG.warnf("the stored document %s was %s; written again from the catalog", key, problem);
        return 1;
    }

    private String modelProblem(String conceptPid) throws IOException {
        JsonNode document = read(StorageLayout.record(conceptPid));
        if (document == null) {
            return "missing";
        }
        return ModelDocument.KIND.equals(document.path("kind").asText()) && conceptPid.equals(document.path("pid").asText())
                ? null : "altered: it is not this model's document";
    }

    private String versionProblem(CatalogDocuments.Released version) throws IOException {
        JsonNode record = read(StorageLayout.record(version.pid()));
        if (record == null) {
            return "missing";
        }
        if (!"version".equals(record.path("kind").asText()) || !version.pid().equals(record.path("pid").asText())
                || !version.state().equals(record.path("state").asText())
                || !version.manifestDigest().equals(record.path("manifestDigest").asText())) {
            return "altered: its identifier, state or manifest digest differs from the catalog's";
        }
        try {
            return VersionRecords.manifestDigestOf(record).equals(version.manifestDigest()) ? null
                    : "altered: its files do not hash to its manifest digest";
        } catch (RuntimeException e) {
            return "altered: its files are not a valid manifest (" + e.getMessage() + ")";
        }
    }

    private String takedownProblem(CatalogDocuments.Released version) throws IOException {
        if (!version.purged()) {
            return null;
        }
        JsonNode document = read(StorageLayout.takedown(version.pid()));
        if (document == null) {
            return "missing";
        }
        return TakedownDocument.KIND.equals(document.path("kind").asText()) && version.pid().equals(document.path("pid").asText())
                ? null : "altered: it is not this version's takedown";
    }

    /** The document at {@code key}, or null when it is missing or not JSON. */
    private JsonNode read(String key) throws IOException {
        try (InputStream in = primary.get(key, 0, -1)) {
            return json.readTree(in);
        } catch (NoSuchObjectException | JsonProcessingException e) {
            return null;
        }
    }

    private TakedownDocument takedown(long version) {
        ModelVersion v = ModelVersion.findById(version);
        return new TakedownDocument(TakedownDocument.KIND, v.pid, v.label, v.purgedAt, v.purgeReason, catalog.purgedDigests(version));
    }
}
