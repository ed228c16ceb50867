package org.stele.archive.signing;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.stele.domain.ArchiveException;
import org.stele.domain.Digest;
import org.stele.domain.ErrorCode;
import org.stele.domain.IntegrityException;
import org.stele.domain.Timestamps;
import org.stele.domain.catalog.DepositorSignature;
import org.stele.domain.catalog.DepositorSigningKey;
import org.stele.domain.catalog.Model;
import org.stele.domain.catalog.VersionFile;
import org.stele.domain.signing.EcKeys;
import org.stele.domain.signing.ModelStatement;
import org.stele.domain.signing.SignatureFormatException;
import org.stele.domain.signing.SigstoreBundle;
import org.stele.store.BlobStore;
import org.stele.store.StorageLayout;

/**
 * Verifies a depositor's {@code model.sig} at publish, as {@code model_signing verify key} would over the draft's
 * directory, but from the catalog's digests (nothing is re-hashed but the signature file itself): a Sigstore bundle
 * signed with a key registered in the model's namespace and not revoked, whose signed statement lists exactly the
 * draft's other files with their SHA-256. Any failure refuses the publish with a 422 and its own code.
 */
@ApplicationScoped
public class DepositorSignatures {
    /** A signature file is JSON listing the files; a model of 100 000 files signs in about 15 MiB. */
    static final long MAX_SIGNATURE_BYTES = 16L << 20;
    private static final int PATHS_NAMED = 20;

    private final BlobStore store;

    DepositorSignatures(BlobStore store) {
        this.store = store;
    }

    /**
     * Verifies the draft's {@code model.sig}, if it has one, against its other files; answers who signed, or empty
     * when the draft carries no signature. Call inside the publishing transaction, before anything changes.
     */
    public Optional<DepositorSignature> verify(Model model, List<VersionFile> files) {
        Optional<VersionFile> signatureFile = files.stream().filter(f -> f.path().equals(ModelStatement.SIGNATURE_FILE)).findFirst();
        if (signatureFile.isEmpty()) {
            return Optional.empty();
        }
        SigstoreBundle bundle;
        try {
            bundle = SigstoreBundle.parse(read(signatureFile.get()));
        } catch (SignatureFormatException e) {
            throw refused(ErrorCode.SIGNATURE_MALFORMED, e.getMessage());
        }
        if (bundle.certificateBased()) {
            throw refused(ErrorCode.SIGNATURE_UNSUPPORTED, "it was signed with a certificate (Sigstore keyless or an X.509 "
                    + "chain); verifying that needs the Fulcio roots and a transparency log this archive does not reach. "
                    + "Sign with a key registered in " + model.namespace + " (model_signing sign key) instead");
        }
        DepositorSigningKey key = signer(model.namespace, bundle);
        ModelStatement statement;
        try {
            statement = ModelStatement.parse(bundle.envelope().payload());
        } catch (SignatureFormatException e) {
            throw refused(ErrorCode.SIGNATURE_MALFORMED, e.getMessage());
        }
        compare(statement, files);
        return Optional.of(new DepositorSignature(key.key.id, key.label, statement.rootDigest(), Timestamps.now()));
    }

    /** The registered, unrevoked key that made the signature. */
    private static DepositorSigningKey signer(String namespace, SigstoreBundle bundle) {
        byte[] signed = bundle.envelope().pae();
        byte[] sig = bundle.envelope().signatures().get(0).sig();
        if (bundle.publicKeyHint() == null || bundle.publicKeyHint().isEmpty()) {
            // Bundles from before model_signing 1.0 name no key: the reference verifier takes the key it is given, so
            // any active key of the namespace may have made it.
            return DepositorSigningKey.ofNamespace(namespace).stream()
                    .filter(k -> !k.revoked() && EcKeys.verify(EcKeys.parsePem(k.publicKeyPem), sig, signed))
                    .findFirst()
                    .orElseThrow(() -> refused(ErrorCode.SIGNATURE_KEY_UNKNOWN, "it names no key (publicKey.hint) and no "
                            + "signing key registered in " + namespace + " verifies it"));
        }
        String hint = bundle.publicKeyHint().toLowerCase(java.util.Locale.ROOT);
        DepositorSigningKey key = DepositorSigningKey.of(namespace, hint)
                .orElseThrow(() -> refused(ErrorCode.SIGNATURE_KEY_UNKNOWN, "it was made with the key " + hint
                        + ", which is not registered in " + namespace + " (POST /api/v1/namespaces/" + namespace + "/signing-keys)"));
        if (key.revoked()) {
            throw refused(ErrorCode.SIGNATURE_KEY_UNKNOWN, "it was made with the key " + hint + (key.label.isEmpty() ? "" : " (" + key.label + ")")
                    + ", which was revoked at " + key.revokedAt);
        }
        ECPublicKey publicKey = EcKeys.parsePem(key.publicKeyPem);
        if (!EcKeys.verify(publicKey, sig, signed)) {
            throw refused(ErrorCode.SIGNATURE_INVALID, "the signature does not verify with the key " + hint
                    + ": what was signed is not this statement, or another key signed it");
        }
        return key;
    }

    /**
     * The signed resources against the draft's files, leaving out the signature file and whatever the statement
     * ignores: every digest equal, none missing, none unsigned.
     */
    private static void compare(ModelStatement statement, List<VersionFile> files) {
        Map<String, String> draft = new TreeMap<>();
        for (VersionFile f : files) {
            if (!f.path().equals(ModelStatement.SIGNATURE_FILE) && !statement.ignores(f.path())) {
                draft.put(f.path(), Digest.parse(f.digest).hex());
            }
        }
        List<String> differ = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Map<String, String> unsigned = new LinkedHashMap<>(draft);
        for (ModelStatement.Resource resource : statement.resources()) {
            String stored = unsigned.remove(resource.name());
            if (stored == null) {
                missing.add(resource.name());
            } else if (!stored.equals(resource.sha256())) {
                differ.add(resource.name());
            }
        }
        if (differ.isEmpty() && missing.isEmpty() && unsigned.isEmpty()) {
            return;
        }
        List<String> problems = new ArrayList<>();
        if (!differ.isEmpty()) {
            problems.add("SHA-256 differs from the signed one for " + named(differ));
        }
        if (!missing.isEmpty()) {
            problems.add("signed but not in the draft: " + named(missing));
        }
        if (!unsigned.isEmpty()) {
            problems.add("in the draft but not signed: " + named(new ArrayList<>(unsigned.keySet())));
        }
        throw refused(ErrorCode.SIGNATURE_MISMATCH, "the files differ from what was signed; " + String.join("; ", problems));
    }

    private static String named(List<String> paths) {
        String shown = String.join(", ", paths.subList(0, Math.min(PATHS_NAMED, paths.size())));
        return paths.size() > PATHS_NAMED ? shown + " and " + (paths.size() - PATHS_NAMED) + " more" : shown;
    }

    /** The signature file's bytes, checked against their catalog digest: what is verified is what will be served. */
    private byte[] read(VersionFile file) {
        if (file.size > MAX_SIGNATURE_BYTES) {
            throw refused(ErrorCode.SIGNATURE_MALFORMED, "it is " + file.size + " bytes; a signature file is at most "
                    + MAX_SIGNATURE_BYTES + " bytes");
        }
        Digest digest = Digest.parse(file.digest);
        byte[] bytes;
        try (InputStream in = store.get(StorageLayout.blob(digest), 0, -1)) {
            bytes = in.readNBytes((int) MAX_SIGNATURE_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + ModelStatement.SIGNATURE_FILE + " (" + digest + ")", e);
        }
        if (!Digest.ofContent(bytes).equals(digest)) {
            throw new UncheckedIOException(new IntegrityException("the stored bytes of " + ModelStatement.SIGNATURE_FILE
                    + " do not hash to " + digest, false));
        }
        return bytes;
    }

    private static ArchiveException refused(ErrorCode code, String why) {
        return new ArchiveException(code, ModelStatement.SIGNATURE_FILE + " refused: " + why + ". The version stays a draft");
    }

    /** Who signed, as a stored record says (its {@code depositorSignature}), for a catalog rebuild; null when nobody did. */
    public static DepositorSignature fromRecord(JsonNode record) {
        JsonNode s = record.path("depositorSignature");
        if (!s.isObject()) {
            return null;
        }
        return new DepositorSignature(s.path("keyId").asText(), s.path("keyLabel").asText(""), s.path("rootDigest").asText(null),
                s.hasNonNull("verifiedAt") ? java.time.Instant.parse(s.get("verifiedAt").asText()) : null);
    }
}
