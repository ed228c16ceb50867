package org.stele.archive.preservation;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.stele.archive.custody.StoredDocuments;
import org.stele.archive.discovery.Search;
import org.stele.archive.reading.IdentifierDocument;
import org.stele.archive.signing.DocumentSignatures;
import org.stele.archive.reading.ModelDocument;
import org.stele.archive.reading.TakedownDocument;
import org.stele.archive.reading.VersionRecords;
import org.stele.domain.Author;
import org.stele.domain.Description;
import org.stele.domain.Digest;
import org.stele.domain.catalog.Alias;
import org.stele.domain.catalog.Model;
import org.stele.domain.catalog.ModelVersion;
import org.stele.domain.catalog.Namespace;
import org.stele.domain.catalog.PersistentIdentifier;
import org.stele.domain.catalog.VersionFile;
import org.stele.domain.catalog.VersionState;
import org.stele.domain.files.FileFacts;
import org.stele.domain.signing.SignatureFormatException;
import org.stele.domain.signing.SigstoreBundle;
import org.stele.store.BlobStore;
import org.stele.store.StorageLayout;
import org.stele.store.StoredObject;

/**
 * Rebuilds the catalog from storage alone (DESIGN invariant 5): users, namespaces and their members from their
 * documents, models from their documents, published and withdrawn versions from their records, with files,
 * identifiers, manifest digests, aliases, blob rows, search entries and file facts; the identifiers of drafts (which
 * are not restored) stay taken. Tokens are not restored: none is stored; the first start after a rebuild issues the
 * admin's. Runs in one transaction into an empty catalog: either everything is restored or nothing is.
 */
@ApplicationScoped
public class CatalogRebuild {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(CatalogRebuild.class);
    private static final int TIMEOUT_SECONDS = 24 * 3600;

    private final BlobStore store;
    private final ObjectMapper json;
    private final CatalogRows rows;
    private final Search search;
    private final StoredDocuments documents;
    private final DocumentSignatures signatures;

    CatalogRebuild(BlobStore store, ObjectMapper json, CatalogRows rows, Search search, StoredDocuments documents,
            DocumentSignatures signatures) {
        this.documents = documents;
        this.signatures = signatures;
        this.store = store;
        this.json = json;
        this.rows = rows;
        this.search = search;
    }

    /** Refusal to rebuild over an existing catalog. */
    public static final class NotEmpty extends RuntimeException {
        NotEmpty(String message) {
            super(message);
        }
    }

    /**
     * What was restored. {@code takenDown}: blobs missing from storage that a takedown removed; {@code lost}: blobs
     * missing for no recorded reason, restored as damaged so that they are reported and repaired from a replica;
     * {@code quarantined}: documents whose signature did not prove them, refused and moved under {@code quarantine/}.
     */
    public record Report(int models, int published, int withdrawn, int files, int blobs, int takenDown, int lost,
            int unreferencedBlobs, int aliases, int identifiers, int users, int namespaces, int members, int reserved,
            List<String> quarantined) {
        public String summary() {
            return ("models %d, versions %d published + %d withdrawn, files %d, identifiers %d, aliases %d, blobs %d (unreferenced %d); "
                    + "blobs missing from storage: %d taken down, %d lost; users %d, namespaces %d with %d members, "
                    + "identifiers reserved for unpublished drafts %d; documents refused and quarantined: %d%s")
                    .formatted(models, published, withdrawn, files, identifiers, aliases, blobs + unreferencedBlobs, unreferencedBlobs,
                            takenDown, lost, users, namespaces, members, reserved, quarantined.size(),
                            quarantined.isEmpty() ? "" : " " + quarantined);
        }
    }

    public Report rebuild() {
        return QuarkusTransaction.requiringNew().timeout(TIMEOUT_SECONDS).call(this::restore);
    }

    private Report restore() throws IOException {
        long existing = rows.count();
        if (existing > 0) {
            throw new NotEmpty("the catalog is not empty (" + existing + " models, versions, identifiers and blobs); "
                    + "rebuild only fills an empty database");
        }
        Counts counts = new Counts();
        restoreAccounts(counts);
        Map<String, JsonNode> models = new LinkedHashMap<>();
        Map<String, List<JsonNode>> versions = new LinkedHashMap<>();
        for (StoredObject object : store.list(StorageLayout.RECORDS)) {
            JsonNode document = trusted(object, counts);
            if (document == null) {
                continue;
            }
            String kind = document.path("kind").asText();
            if (ModelDocument.KIND.equals(kind)) {
                models.put(document.get("pid").asText(), document);
            } else if (TakedownDocument.KIND.equals(kind)) {
                TakedownDocument takedown = json.treeToValue(document, TakedownDocument.class);
                counts.takedowns.put(takedown.pid(), takedown);
                counts.takenDownBytes.addAll(takedown.purged());
            } else if ("version".equals(kind)) {
                versions.computeIfAbsent(document.get("conceptPid").asText(), k -> new ArrayList<>()).add(document);
            }
        }
        Set<String> concepts = new HashSet<>(models.keySet());
        concepts.addAll(versions.keySet());
        List<String> order = concepts.stream().sorted(Comparator.comparing((String c) -> createdAt(models.get(c), versions.get(c)))
                .thenComparing(c -> c)).toList();

        List<Object[]> toIndex = new ArrayList<>();
        for (String conceptPid : order) {
            List<JsonNode> released = new ArrayList<>(versions.getOrDefault(conceptPid, List.of()));
            released.sort(Comparator.comparing((JsonNode v) -> instant(v, "publishedAt")).thenComparing(v -> instant(v, "createdAt")));
            Model model = model(conceptPid, models.get(conceptPid), released);
            Map<String, ModelVersion> byLabel = new LinkedHashMap<>();
            for (JsonNode record : released) {
                ModelVersion version = version(model, record, counts);
                byLabel.put(version.label, version);
                if (version.state == VersionState.published) {
                    toIndex.add(new Object[] {model, version});
                }
            }
            JsonNode document = models.get(conceptPid);
            if (document != null) {
                document.path("aliases").fields().forEachRemaining(alias -> {
                    ModelVersion target = byLabel.get(alias.getValue().asText());
                    if (target != null) {
                        Alias row = new Alias();
                        row.key = new Alias.Key(model.id, alias.getKey());
                        row.versionId = target.id;
                        row.updatedAt = model.updatedAt;
                        row.persist();
                        counts.aliases++;
                    }
                });
            }
            counts.models++;
        }
        rows.flush();
        restoreIdentifiers(counts);
        // Search entries and derived facts read the whole catalog (lineage across models): once everything is in.
        for (Object[] pair : toIndex) {
            search.index(((ModelVersion) pair[1]).id, VersionRecords.of((Model) pair[0], (ModelVersion) pair[1]));
        }
        for (StoredObject object : store.list(StorageLayout.BLOBS)) {
            String digest = StorageLayout.digestOf(object.key()).map(Digest::toString).orElse(null);
            if (digest != null && counts.blobs.add(digest)) {
                // Bytes no record names (an upload never published): kept, and collectable after the grace period.
                rows.addUnreferencedBlob(digest, object.size());
                counts.unreferenced++;
            }
        }
        return new Report(counts.models, counts.published, counts.withdrawn, counts.files,
                counts.blobs.size() - counts.unreferenced, counts.takenDown, counts.lost, counts.unreferenced, counts.aliases,
                counts.models + counts.published + counts.withdrawn, counts.users, counts.namespaces, counts.members, counts.reserved,
                List.copyOf(counts.quarantined));
    }

    /** Users first (oldest first), then namespaces with their members, by the ids users have in the catalog. */
    private void restoreAccounts(Counts counts) throws IOException {
        List<UserDocument> users = new ArrayList<>();
        for (StoredObject object : store.list(StorageLayout.USERS)) {
            JsonNode document = trusted(object, counts);
            if (document != null) {
                users.add(json.treeToValue(document, UserDocument.class));
            }
        }
        users.sort(Comparator.comparing(UserDocument::createdAt).thenComparing(UserDocument::username));
        Map<UUID, UUID> ids = new HashMap<>();
        for (UserDocument user : users) {
            ids.put(user.id(), rows.addUser(user));
            counts.users++;
        }
        for (StoredObject object : store.list(StorageLayout.NAMESPACES)) {
            JsonNode document = trusted(object, counts);
            if (document == null) {
                continue;
            }
            NamespaceDocument namespace = json.treeToValue(document, NamespaceDocument.class);
            rows.addNamespace(namespace);
            counts.namespaces++;
            for (NamespaceDocument.Member member : namespace.members()) {
                UUID user = ids.get(member.user());
                if (user == null) {
                    throw new IllegalStateException("the document of namespace " + namespace.name() + " names a member "
                            + member.username() + " (" + member.user() + ") that no user document describes");
                }
                rows.addMember(namespace.name(), user, member.role(), member.since());
                counts.members++;
            }
            namespace.signingKeys().forEach(key -> rows.addSigningKey(namespace.name(), key));
        }
    }

    /**
     * Every identifier ever minted stays taken: those of records keep the time they were reserved, those of drafts
     * (not restored) are restored linked to nothing, so that none is minted again.
     */
    private void restoreIdentifiers(Counts counts) throws IOException {
        for (StoredObject object : store.list(StorageLayout.IDENTIFIERS)) {
            JsonNode document = trusted(object, counts);
            if (document == null) {
                continue;
            }
            IdentifierDocument id = json.treeToValue(document, IdentifierDocument.class);
            if (rows.addReservedIdentifier(id.pid(), id.names(), id.reservedAt())) {
                counts.reserved++;
            } else {
                rows.reservedAt(id.pid(), id.reservedAt());
            }
        }
    }

    private static final class Counts {
        int models, published, withdrawn, files, takenDown, lost, unreferenced, aliases, users, namespaces, members, reserved;
        final Set<String> blobs = new HashSet<>();
        final List<String> quarantined = new ArrayList<>();
        final Map<String, TakedownDocument> takedowns = new HashMap<>();
        final Set<String> takenDownBytes = new HashSet<>();
    }

    private Model model(String conceptPid, JsonNode document, List<JsonNode> released) {
        // Models stored before model documents existed: described as their newest version is.
        JsonNode source = document != null ? document : released.get(released.size() - 1);
        Model model = new Model();
        model.namespace = Namespace.ensure(source.get("namespace").asText());
        model.name = source.get("name").asText();
        model.description = description(source);
        model.conceptPid = conceptPid;
        model.createdAt = createdAt(document, released);
        model.updatedAt = document != null ? instant(document, "updatedAt") : model.createdAt;
        // Restricted stays restricted; a model stored before visibility existed was public.
        model.visibility = document != null && document.hasNonNull("visibility") ? document.get("visibility").asText() : Model.PUBLIC;
        model.persist();
        identifier(conceptPid, PersistentIdentifier.CONCEPT, model.id, null);
        return model;
    }

    private ModelVersion version(Model model, JsonNode record, Counts counts) {
        ModelVersion version = new ModelVersion();
        version.modelId = model.id;
        version.label = record.get("version").asText();
        version.state = VersionState.valueOf(record.get("state").asText());
        version.pid = record.get("pid").asText();
        version.description = description(record);
        version.manifestDigest = record.get("manifestDigest").asText();
        version.createdAt = instant(record, "createdAt");
        version.publishedAt = instant(record, "publishedAt");
        version.withdrawnAt = instant(record, "withdrawnAt");
        version.withdrawalReason = record.hasNonNull("withdrawalReason") ? record.get("withdrawalReason").asText() : null;
        version.archiveKeyId = archiveKeyOf(version.pid);
        version.embargoUntil = instant(record, "embargoUntil");
        version.depositorSignature = org.stele.archive.signing.DepositorSignatures.fromRecord(record);
        TakedownDocument takedown = counts.takedowns.get(version.pid);
        if (takedown != null) {
            version.purgedAt = takedown.purgedAt();
            version.purgeReason = takedown.reason();
        }
        version.persist();
        identifier(version.pid, PersistentIdentifier.VERSION, model.id, version.id);
        for (JsonNode file : record.path("files")) {
            VersionFile row = new VersionFile();
            row.key = new VersionFile.Key(version.id, file.get("path").asText());
            row.digest = file.get("digest").asText();
            row.size = file.get("size").asLong();
            row.mediaType = file.get("mediaType").asText();
            row.kind = file.get("kind").asText();
            row.addedAt = version.publishedAt;
            row.facts = file.hasNonNull("facts") ? convert(file.get("facts"), FileFacts.class) : null;
            blob(row.digest, row.size, counts);
            row.persist();
            counts.files++;
        }
        String recomputed = VersionRecords.manifestDigestOf(record);
        if (!recomputed.equals(version.manifestDigest)) {
            throw new IllegalStateException("the record of " + version.pid + " names manifest " + version.manifestDigest
                    + " but its files hash to " + recomputed + "; the record was altered");
        }
        if (version.state == VersionState.withdrawn) {
            counts.withdrawn++;
        } else {
            counts.published++;
        }
        return version;
    }

    /**
     * The blob row for a file's bytes. Bytes missing from storage are taken down when a takedown document names them,
     * otherwise lost: recorded as missing, so they answer 500 integrity_error and a replica copy repairs them.
     */
    private void blob(String digest, long size, Counts counts) {
        if (!counts.blobs.add(digest)) {
            return;
        }
        boolean stored;
        try {
            stored = store.size(StorageLayout.blob(Digest.parse(digest))).isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean takenDown = !stored && counts.takenDownBytes.contains(digest);
        rows.addBlob(digest, size, takenDown);
        if (takenDown) {
            counts.takenDown++;
        } else if (!stored) {
            counts.lost++;
            rows.recordLost(digest);
        }
    }

    private void identifier(String pid, String kind, long modelId, Long versionId) {
        PersistentIdentifier id = new PersistentIdentifier();
        id.pid = pid;
        id.kind = kind;
        id.modelId = modelId;
        id.versionId = versionId;
        id.persist();
    }

    private Description description(JsonNode node) {
        return new Description(text(node, "title"), text(node, "description"),
                convert(node.get("authors"), new TypeReference<List<Author>>() { }), text(node, "license"),
                convert(node.get("keywords"), new TypeReference<List<String>>() { }));
    }

    private static Instant createdAt(JsonNode document, List<JsonNode> released) {
        if (document != null && document.hasNonNull("createdAt")) {
            return instant(document, "createdAt");
        }
        return released == null ? Instant.EPOCH
                : released.stream().map(v -> instant(v, "createdAt")).min(Comparator.naturalOrder()).orElse(Instant.EPOCH);
    }

    private static Instant instant(JsonNode node, String field) {
        return node.hasNonNull(field) ? Instant.parse(node.get(field).asText()) : null;
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private <T> T convert(JsonNode node, Class<T> type) {
        return node == null || node.isNull() ? null : json.convertValue(node, type);
    }

    private <T> T convert(JsonNode node, TypeReference<T> type) {
        return node == null || node.isNull() ? null : json.convertValue(node, type);
    }

    /**
     * A stored document as the rebuild may trust it: only when its signature proves its exact bytes. A document it does
     * not prove is quarantined and answers null; signatures and other objects that are not documents answer null too.
     * What is trusted becomes what every later fixity pass proves both copies against.
     */
    private JsonNode trusted(StoredObject object, Counts counts) throws IOException {
        if (!StorageLayout.isDocument(object.key())) {
            return null;
        }
        byte[] bytes = read(object);
        byte[] signature = readIfPresent(DocumentSignatures.signatureKey(object.key()));
        DocumentSignatures.Verdict verdict = signatures.verify(object.key(), bytes, signature);
        if (verdict == DocumentSignatures.Verdict.UNKNOWN_KEY) {
            throw new IllegalStateException(object.key() + " is signed by a key this archive does not know; give the keys it "
                    + "used before in STELE_SIGNING_PREVIOUS_KEYS_DIR (see docs/operating.md) and rebuild again");
        }
        if (!verdict.verified()) {
            quarantine(object.key(), verdict, counts);
            return null;
        }
        documents.adopt(object.key(), bytes);
        documents.adopt(DocumentSignatures.signatureKey(object.key()), signature);
        return json.readTree(bytes);
    }

    /**
     * Moves a document whose signature does not prove it (and its signature) under {@code quarantine/}, where an
     * operator can look at it and no rebuild or fixity pass reads it as a record.
     */
    private void quarantine(String key, DocumentSignatures.Verdict verdict, Counts counts) throws IOException {
        store.move(key, StorageLayout.quarantine(key));
        if (verdict != DocumentSignatures.Verdict.MISSING) {
            store.move(DocumentSignatures.signatureKey(key), StorageLayout.quarantine(DocumentSignatures.signatureKey(key)));
        }
        counts.quarantined.add(key + " (" + verdict.name().toLowerCase(java.util.Locale.ROOT) + ")");
        LOG.errorf("rebuild refused %s: its signature does not prove it (%s); moved to %s", key, verdict, StorageLayout.quarantine(key));
    }

    /** The key that signed a version's files, as its stored bundle names it; null when it has none or it is unreadable. */
    private String archiveKeyOf(String pid) {
        try {
            byte[] bundle = readIfPresent(StorageLayout.versionSignature(pid));
            return bundle == null ? null : SigstoreBundle.parse(bundle).publicKeyHint();
        } catch (IOException | SignatureFormatException e) {
            return null; // signed again by the backfill, from the catalog's digests
        }
    }

    private byte[] readIfPresent(String key) throws IOException {
        try (InputStream in = store.get(key, 0, -1)) {
            return in.readAllBytes();
        } catch (org.stele.store.NoSuchObjectException e) {
            return null;
        }
    }

    private byte[] read(StoredObject object) throws IOException {
        try (InputStream in = store.get(object.key(), 0, object.size())) {
            return in.readAllBytes();
        }
    }
}
