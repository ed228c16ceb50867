package org.stele.archive.preservation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.stele.archive.access.AuditTrail;
import org.stele.archive.custody.DocumentDigests;
import org.stele.archive.custody.Replication;
import org.stele.archive.custody.StoredDocuments;
import org.stele.archive.signing.DocumentSignatures;
import org.stele.archive.reading.ModelDocument;
import org.stele.archive.reading.TakedownDocument;
import org.stele.archive.reading.VersionRecords;
import org.stele.domain.catalog.Model;
import org.stele.domain.catalog.ModelVersion;
import org.stele.store.BlobStore;
import org.stele.store.NoSuchObjectException;
import org.stele.store.ReplicaStore;
import org.stele.store.StorageLayout;
import org.stele.store.StoredObject;

/**
 * Proves the documents a catalog rebuild depends on, at the end of every fixity pass. The catalog keeps the SHA-256 of
 * every document as written ({@code stored_document}): each copy, primary and replica, must match it byte for byte, so
 * an edited title is found as surely as a deleted record. A copy that does not match is replaced from the copy that
 * does, or, when none does, written again from the catalog; a copy that does not match is never copied anywhere.
 * Documents written before the catalog kept their digests are proven against the catalog instead (identifier, state,
 * manifest digest, files hashing to it) and their bytes adopted once they pass. Every repair is audited as
 * {@code record.repaired} and logged.
 */
@ApplicationScoped
class RecordAudit {
    private static final Logger LOG = Logger.getLogger(RecordAudit.class);

    private final CatalogDocuments catalog;
    private final BlobStore primary;
    private final Optional<BlobStore> replica;
    private final ObjectMapper json;
    private final VersionRecords records;
    private final StoredDocuments documents;
    private final DocumentDigests digests;
    private final AuditTrail audit;
    private final Replication replication;

    RecordAudit(CatalogDocuments catalog, BlobStore primary, ReplicaStore replica, ObjectMapper json, VersionRecords records,
            StoredDocuments documents, DocumentDigests digests, AuditTrail audit, Replication replication) {
        this.replication = replication;
        this.catalog = catalog;
        this.primary = primary;
        this.replica = replica.store();
        this.json = json;
        this.records = records;
        this.documents = documents;
        this.digests = digests;
        this.audit = audit;
    }

    /** A document the catalog can write again: whose it is, the lock its writers take, and how to render it. */
    private record Renderable(String pid, Runnable lock, Check legacyCheck, Runnable rewrite) {
    }

    /** Checks every document; answers how many copies were repaired. */
    int checkAll() throws IOException {
        Map<String, Renderable> renderable = new LinkedHashMap<>();
        for (CatalogDocuments.Concept concept : QuarkusTransaction.requiringNew().call(catalog::models)) {
            long model = concept.id();
            String pid = concept.pid();
            renderable.put(StorageLayout.record(pid), new Renderable(pid, () -> catalog.lockModel(model), () -> modelProblem(pid),
                    () -> records.store(Model.<Model>findById(model))));
        }
        for (CatalogDocuments.Released version : QuarkusTransaction.requiringNew().call(() -> catalog.released())) {
            renderable.put(StorageLayout.record(version.pid()), new Renderable(version.pid(), () -> catalog.lockVersion(version.id()),
                    () -> versionProblem(catalog.released(version.id())), () -> {
                        ModelVersion v = ModelVersion.findById(version.id());
                        records.store(VersionRecords.of(Model.<Model>findById(v.modelId), v));
                    }));
            if (version.purged()) {
                renderable.put(StorageLayout.takedown(version.pid()), new Renderable(version.pid(), () -> catalog.lockVersion(version.id()),
                        () -> takedownProblem(catalog.released(version.id())), () -> records.store(takedown(version.id()))));
            }
        }
        int repaired = 0;
        for (Map.Entry<String, Renderable> entry : renderable.entrySet()) {
            String key = entry.getKey();
            if (QuarkusTransaction.requiringNew().call(() -> digests.of(key)).isEmpty()) {
                repaired += adoptOrRewrite(key, entry.getValue());
            }
            String signature = DocumentSignatures.signatureKey(key);
            if (QuarkusTransaction.requiringNew().call(() -> digests.of(signature)).isEmpty()) {
                // Written before documents were signed: written again from the catalog, which signs it.
                repaired += locked(entry.getValue(), key, () -> digests.of(signature).isEmpty()
                        ? rewrite(key, entry.getValue(), "unsigned (written before documents were signed)") : null);
            }
        }
        for (DocumentDigests.Expected expected : QuarkusTransaction.requiringNew().call(digests::all)) {
            String key = expected.key();
            // A document's signature is written with it: when no copy of the signature matches, the document is written again.
            Renderable document = renderable.getOrDefault(key, DocumentSignatures.isSignature(key)
                    ? renderable.get(key.substring(0, key.length() - DocumentSignatures.SUFFIX.length())) : null);
            repaired += prove(expected, document);
        }
        return repaired + removeUncommitted();
    }

    /**
     * Removes the documents under {@code records/} of versions the catalog holds as drafts, that no committed write
     * made (no digest in the catalog): a publish that failed in an outage and could not remove its record then, or one
     * killed between writing its record and committing. A rebuild would otherwise publish a version the catalog kept
     * as a draft. Only the catalog's own drafts count: a record the catalog knows nothing of (a catalog lost and not yet
     * rebuilt) is what a rebuild needs, and is never removed. A publish in flight holds the document's lock until it
     * commits, and a committed document has its digest: neither is removed.
     */
    int removeUncommitted() throws IOException {
        Set<String> drafts = new HashSet<>();
        QuarkusTransaction.requiringNew().call(catalog::draftPids).forEach(pid -> drafts.add(pid.toLowerCase(Locale.ROOT)));
        int removed = 0;
        if (drafts.isEmpty()) {
            return removed;
        }
        for (StoredObject object : primary.list(StorageLayout.RECORDS)) {
            String key = object.key();
            if (drafts.contains(pidOf(key)) && QuarkusTransaction.requiringNew().call(() -> digests.of(key)).isEmpty()) {
                QuarkusTransaction.requiringNew().run(() -> documents.removeUncommitted(key));
                LOG.warnf("removed the stored document %s: no committed write made it", key);
                removed++;
            }
        }
        return removed;
    }

    /** The identifier a key under {@code records/} is about: {@code records/{prefix}/{suffix}.…} → {@code prefix/suffix}. */
    private static String pidOf(String key) {
        String path = key.substring(StorageLayout.RECORDS.length());
        int slash = path.lastIndexOf('/');
        int dot = path.indexOf('.', slash + 1);
        return (dot < 0 ? path : path.substring(0, dot)).toLowerCase(Locale.ROOT);
    }

    /** A check that reads storage, as the supplier of a repair's second look. */
    private interface Check {
        String problem() throws IOException;
    }

    /** A document older than the catalog's digests: proven against the catalog, then its bytes become the expected ones. */
    private int adoptOrRewrite(String key, Renderable document) throws IOException {
        if (document.legacyCheck().problem() == null) {
            byte[] bytes = readBytes(key);
            if (bytes != null) {
                QuarkusTransaction.requiringNew().run(() -> {
                    document.lock().run();
                    if (digests.of(key).isEmpty()) {
                        documents.adopt(key, bytes);
                    }
                });
                return 0;
            }
        }
        return locked(document, key, () -> document.legacyCheck().problem() == null ? null : rewrite(key, document,
                "it does not agree with the catalog"));
    }

    /**
     * Proves both copies of one document. A bad copy is replaced from the copy that matches; when neither matches, the
     * catalog writes the document again (new expected bytes), under the row lock its writers take, so a document being
     * rewritten by a publish, withdrawal or embargo change is never overwritten with an older state.
     */
    private int prove(DocumentDigests.Expected expected, Renderable document) throws IOException {
        StoredDocuments.Copy first = StoredDocuments.check(primary, expected);
        StoredDocuments.Copy second = replica.isPresent() ? StoredDocuments.check(replica.get(), expected) : null;
        if (second != null && !second.ok() && replication.pending(expected.key())) {
            second = null; // a copy still on its way to the replica is not damage
        }
        if (first.ok() && (second == null || second.ok())) {
            QuarkusTransaction.requiringNew().run(() -> digests.verified(expected.key()));
            return 0;
        }
        if (first.ok()) {
            StoredDocuments.restore(replica.get(), expected, first);
            repaired(document, expected.key(), "replica", second.problem(), "the primary copy");
            return 1;
        }
        if (document == null) {
            if (second != null && second.ok()) {
                StoredDocuments.restore(primary, expected, second);
                repaired(null, expected.key(), "primary", first.problem(), "the replica copy");
                return 1;
            }
            LOG.errorf("the stored document %s is %s, no copy matches what was written, and the catalog cannot write it again",
                    expected.key(), first.problem());
            return 0;
        }
        return locked(document, expected.key(), () -> {
            Optional<DocumentDigests.Expected> now = digests.of(expected.key());
            if (now.isEmpty() || !now.get().equals(expected)) {
                return null; // written again meanwhile: the next pass proves the new bytes
            }
            StoredDocuments.Copy again = StoredDocuments.check(primary, expected);
            if (again.ok()) {
                return null;
            }
            StoredDocuments.Copy other = replica.isPresent() ? StoredDocuments.check(replica.get(), expected) : null;
            if (other != null && other.ok()) {
                StoredDocuments.restore(primary, expected, other);
                audit.record("record.repaired", document.pid(), Optional.empty(),
                        Map.of("key", expected.key(), "copy", "primary", "problem", again.problem(), "source", "the replica copy"));
                return again.problem();
            }
            return rewrite(expected.key(), document, again.problem());
        });
    }

    private String rewrite(String key, Renderable document, String problem) {
        document.rewrite().run();
        audit.record("record.repaired", document.pid(), Optional.empty(),
                Map.of("key", key, "copy", "primary", "problem", problem, "source", "the catalog"));
        return problem;
    }

    /** Runs {@code repair} in its own transaction under the document's row lock; answers 1 when it repaired something. */
    private int locked(Renderable document, String key, Check repair) {
        String problem = QuarkusTransaction.requiringNew().call(() -> {
            document.lock().run();
            return repair.problem();
        });
        if (problem == null) {
            return 0;
        }
        LOG.warnf("the stored document %s was %s; repaired", key, problem);
        return 1;
    }

    private void repaired(Renderable document, String key, String copy, String problem, String source) {
        QuarkusTransaction.requiringNew().run(() -> audit.record("record.repaired", document == null ? key : document.pid(),
                Optional.empty(), Map.of("key", key, "copy", copy, "problem", problem, "source", source)));
        LOG.warnf("the %s copy of the stored document %s was %s; replaced from %s", copy, key, problem, source);
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

    private byte[] readBytes(String key) throws IOException {
        try (InputStream in = primary.get(key, 0, -1)) {
            return in.readAllBytes();
        } catch (NoSuchObjectException e) {
            return null;
        }
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
