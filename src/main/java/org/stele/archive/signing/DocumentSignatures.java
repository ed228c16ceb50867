package org.stele.archive.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.stele.domain.signing.DsseEnvelope;
import org.stele.domain.signing.EcKeys;

/**
 * The detached signature of every stored document (records, model and takedown documents), kept beside it at
 * {@code <key>.sig}: a DSSE envelope (JSON) whose payload is the document's exact stored bytes, typed
 * {@value #PAYLOAD_TYPE}, signed with the archive key named by its {@code keyid} (the key's id at
 * {@code /api/v1/signing-keys}). A document can so be checked with the bucket and the public key alone.
 */
@ApplicationScoped
public class DocumentSignatures {
    /** What a document signature signs; in the PAE, so a signature over a document cannot pass for another kind's. */
    public static final String PAYLOAD_TYPE = "application/vnd.stele.document+json";
    /** Where a document's signature lives: beside it. */
    public static final String SUFFIX = ".sig";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ArchiveKeys keys;

    DocumentSignatures(ArchiveKeys keys) {
        this.keys = keys;
    }

    /** What checking a document against its signature found. */
    public enum Verdict {
        /** Signed by an archive key over exactly these bytes. */
        VERIFIED,
        /** The signature is by an archive key, but not over these bytes (the document or the signature was changed). */
        MISMATCH,
        /** The signature names a key the archive never signed with. */
        UNKNOWN_KEY,
        /** The signature is not a DSSE envelope of a stored document. */
        MALFORMED,
        /** There is no signature to check. */
        MISSING;

        public boolean verified() {
            return this == VERIFIED;
        }
    }

    /** The key of the signature of the document at {@code documentKey}. */
    public static String signatureKey(String documentKey) {
        return documentKey + SUFFIX;
    }

    /** Whether a storage key is a document's signature rather than a document. */
    public static boolean isSignature(String key) {
        return key.endsWith(SUFFIX);
    }

    /** The signature (DSSE envelope, JSON) of a document's exact bytes with the current archive key. */
    public byte[] sign(byte[] document) {
        ArchiveKeys.Current key = keys.current();
        byte[] sig = EcKeys.sign(key.privateKey(), key.publicKey(), DsseEnvelope.pae(PAYLOAD_TYPE, document));
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("payloadType", PAYLOAD_TYPE);
        envelope.put("payload", Base64.getEncoder().encodeToString(document));
        envelope.putArray("signatures").addObject().put("keyid", key.id()).put("sig", Base64.getEncoder().encodeToString(sig));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(envelope);
        } catch (IOException e) {
            throw new IllegalStateException("an envelope is plain JSON", e);
        }
    }

    /**
     * Checks a stored document against its stored signature: the envelope must carry exactly the document's bytes and
     * a valid signature by a key the archive has signed with (current or retired).
     *
     * @param key the document's storage key (named in nothing but kept for the caller's reports)
     * @param signature the bytes stored at {@link #signatureKey(String)}, or null when there are none
     */
    public Verdict verify(String key, byte[] document, byte[] signature) {
        if (signature == null) {
            return Verdict.MISSING;
        }
        JsonNode envelope;
        byte[] payload;
        byte[] sig;
        String keyId;
        try {
            envelope = JSON.readTree(signature);
            JsonNode signatures = envelope == null ? null : envelope.path("signatures");
            if (envelope == null || !PAYLOAD_TYPE.equals(envelope.path("payloadType").asText()) || signatures == null
                    || !signatures.isArray() || signatures.size() != 1) {
                return Verdict.MALFORMED;
            }
            payload = Base64.getDecoder().decode(envelope.path("payload").asText(""));
            sig = Base64.getDecoder().decode(signatures.get(0).path("sig").asText(""));
            keyId = signatures.get(0).path("keyid").asText("");
        } catch (IOException | IllegalArgumentException e) {
            return Verdict.MALFORMED;
        }
        Optional<ECPublicKey> publicKey = keys.publicKey(keyId);
        if (publicKey.isEmpty()) {
            return Verdict.UNKNOWN_KEY;
        }
        boolean signed = EcKeys.verify(publicKey.get(), sig, DsseEnvelope.pae(PAYLOAD_TYPE, payload));
        return signed && Arrays.equals(payload, document) ? Verdict.VERIFIED : Verdict.MISMATCH;
    }
}
