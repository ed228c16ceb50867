package org.stele.archive.publishing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stele.archive.access.Permissions;
import org.stele.archive.custody.StoredDocuments;
import org.stele.archive.reading.Servability;
import org.stele.archive.reading.VersionLookup;
import org.stele.archive.signing.ArchiveKeys;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;
import org.stele.domain.catalog.Model;
import org.stele.domain.catalog.ModelVersion;
import org.stele.domain.catalog.VersionFile;
import org.stele.domain.catalog.VersionState;
import org.stele.domain.signing.DsseEnvelope;
import org.stele.domain.signing.EcKeys;
import org.stele.domain.signing.ModelStatement;
import org.stele.domain.signing.SigstoreBundle;
import org.stele.store.BlobStore;
import org.stele.store.NoSuchObjectException;
import org.stele.store.StorageLayout;

/**
 * The archive's signature of each published version, in the OpenSSF model_signing format ({@code model_signing verify
 * key} checks it against a directory of the version's files with the archive's public key): a Sigstore bundle v0.3
 * signed with the archive key, whose statement lists every file with the SHA-256 the catalog holds (nothing is read
 * again) and whose subject is the version's identifier. A depositor's own {@code model.sig} is left out, as
 * model_signing leaves its signature file out. Stored beside the record, written before the publish commits.
 */
@ApplicationScoped
public class VersionSignatures {

    private final ArchiveKeys keys;
    private final StoredDocuments documents;
    private final BlobStore store;
    private final Permissions permissions;

    VersionSignatures(ArchiveKeys keys, StoredDocuments documents, BlobStore store, Permissions permissions) {
        this.keys = keys;
        this.documents = documents;
        this.store = store;
        this.permissions = permissions;
    }

    /** Signs a version being published and stores the bundle, in the caller's transaction. */
    public void sign(ModelVersion version, List<VersionFile> files) {
        documents.putBytes(StorageLayout.versionSignature(version.pid), bundle(version.pid, files), "the signature of " + version.pid);
        version.archiveKeyId = keys.current().id();
    }

    /** The bundle of a version's files, named by its identifier. */
    byte[] bundle(String pid, List<VersionFile> files) {
        Map<String, String> digests = new LinkedHashMap<>();
        for (VersionFile file : files) {
            digests.put(file.path(), file.digest.substring(file.digest.indexOf(':') + 1));
        }
        ModelStatement all = ModelStatement.of(pid, digests);
        ModelStatement statement = new ModelStatement(pid,
                all.resources().stream().filter(r -> !all.ignores(r.name())).toList(), all.ignorePaths());
        byte[] payload = statement.toJson();
        ArchiveKeys.Current key = keys.current();
        byte[] sig = EcKeys.sign(key.privateKey(), key.publicKey(), DsseEnvelope.pae(DsseEnvelope.IN_TOTO, payload));
        return SigstoreBundle.signedWithKey(key.id(), new DsseEnvelope(DsseEnvelope.IN_TOTO, payload,
                List.of(new DsseEnvelope.Signature(sig, "")))).toJson();
    }

    /**
     * The signature of a version as a reader asks for it: refused exactly as its files are (404 unknown, 410 withdrawn,
     * 403 under embargo), 409 {@code version_not_published} for a draft.
     */
    @Transactional
    public byte[] find(String namespace, String name, String labelOrAlias) {
        Model model = permissions.visible(namespace, name);
        boolean reader = permissions.canRead(model.namespace);
        ModelVersion version = VersionLookup.find(model, labelOrAlias, reader);
        Servability.requireFiles(new Servability.Version(version.label, version.pid, version.state == VersionState.withdrawn,
                version.withdrawalReason, version.embargoUntil), reader);
        if (version.state != VersionState.published) {
            throw new ArchiveException(ErrorCode.VERSION_NOT_PUBLISHED, "only published versions are signed; "
                    + version.label + " is a " + version.state);
        }
        return stored(version.pid).orElseGet(() -> signNow(version));
    }

    /** The stored signature of a published version (for its bag), signing it first if it was published unsigned. */
    @Transactional
    public byte[] of(String pid) {
        return stored(pid).orElseGet(() -> signNow(ModelVersion.<ModelVersion>find("pid", pid).firstResult()));
    }

    /** Signs a published version now and stores the bundle, in the caller's transaction. */
    byte[] signNow(ModelVersion version) {
        byte[] bundle = bundle(version.pid, VersionFile.ofVersion(version.id));
        documents.putBytes(StorageLayout.versionSignature(version.pid), bundle, "the signature of " + version.pid);
        version.archiveKeyId = keys.current().id();
        return bundle;
    }

    /** Whether a version's signature is in storage. */
    boolean isStored(String pid) {
        try {
            return store.size(StorageLayout.versionSignature(pid)).isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException("could not look for the signature of " + pid, e);
        }
    }

    private Optional<byte[]> stored(String pid) {
        String key = StorageLayout.versionSignature(pid);
        try (InputStream in = store.get(key, 0, -1)) {
            return Optional.of(in.readAllBytes());
        } catch (NoSuchObjectException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the signature of " + pid, e);
        }
    }
}
