package org.stele.domain.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A Sigstore bundle v0.3 in JSON, the file model_signing writes ({@code model.sig}): verification material and a DSSE
 * envelope. The material is either a public-key hint (signed with a key; verifiable offline with that key) or an X.509
 * chain, possibly with transparency-log entries (Sigstore keyless; needs Fulcio roots and Rekor to verify).
 *
 * @param publicKeyHint the hex SHA-256 of the signer's PEM public key, or null
 * @param certificates DER certificates, leaf first; empty when signed with a key
 * @param transparencyLogEntries how many log entries the bundle carries
 */
public record SigstoreBundle(String publicKeyHint, List<byte[]> certificates, int transparencyLogEntries, DsseEnvelope envelope) {
    public static final String MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public SigstoreBundle {
        certificates = List.copyOf(certificates);
    }

    /** A bundle signed with a key, as {@code model_signing sign key} writes it. */
    public static SigstoreBundle signedWithKey(String publicKeyHint, DsseEnvelope envelope) {
        return new SigstoreBundle(publicKeyHint, List.of(), 0, envelope);
    }

    /** Whether it was signed with a certificate (Sigstore keyless or a certificate chain) rather than a bare key. */
    public boolean certificateBased() {
        return !certificates.isEmpty() || transparencyLogEntries > 0;
    }

    public byte[] toJson() {
        ObjectNode bundle = JSON.createObjectNode();
        bundle.put("mediaType", MEDIA_TYPE);
        ObjectNode material = bundle.putObject("verificationMaterial");
        if (certificates.isEmpty()) {
            material.putObject("publicKey").put("hint", publicKeyHint);
        } else {
            certificates.forEach(c -> material.putObject("x509CertificateChain").withArray("certificates").addObject()
                    .put("rawBytes", Base64.getEncoder().encodeToString(c)));
        }
        material.putArray("tlogEntries");
        ObjectNode dsse = bundle.putObject("dsseEnvelope");
        dsse.put("payload", Base64.getEncoder().encodeToString(envelope.payload()));
        dsse.put("payloadType", envelope.payloadType());
        envelope.signatures().forEach(s -> dsse.withArray("signatures").addObject()
                .put("sig", Base64.getEncoder().encodeToString(s.sig())).put("keyid", s.keyid()));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(bundle);
        } catch (IOException e) {
            throw new IllegalStateException("a bundle is plain JSON", e);
        }
    }

    /** Reads a bundle; anything but a v0.3 bundle holding a DSSE envelope with one signature is refused. */
    public static SigstoreBundle parse(byte[] bytes) {
        JsonNode bundle;
        try {
            bundle = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new SignatureFormatException("the signature is not JSON");
        }
        if (bundle == null || !MEDIA_TYPE.equals(bundle.path("mediaType").asText())) {
            throw new SignatureFormatException("the signature is not a Sigstore bundle of media type " + MEDIA_TYPE);
        }
        JsonNode material = bundle.path("verificationMaterial");
        List<byte[]> certificates = new ArrayList<>();
        material.path("x509CertificateChain").path("certificates").forEach(c -> certificates.add(base64(c.path("rawBytes"), "certificate")));
        if (material.path("certificate").has("rawBytes")) {
            certificates.add(base64(material.path("certificate").path("rawBytes"), "certificate"));
        }
        JsonNode dsse = bundle.path("dsseEnvelope");
        JsonNode signatures = dsse.path("signatures");
        if (!dsse.isObject() || !signatures.isArray() || signatures.size() != 1) {
            throw new SignatureFormatException("the bundle must hold a DSSE envelope with exactly one signature");
        }
        DsseEnvelope envelope = new DsseEnvelope(dsse.path("payloadType").asText(), base64(dsse.path("payload"), "payload"),
                List.of(new DsseEnvelope.Signature(base64(signatures.get(0).path("sig"), "signature"),
                        signatures.get(0).path("keyid").asText(""))));
        if (!DsseEnvelope.IN_TOTO.equals(envelope.payloadType())) {
            throw new SignatureFormatException("the envelope's payload is not an in-toto statement: " + envelope.payloadType());
        }
        String hint = material.path("publicKey").path("hint").asText(null);
        return new SigstoreBundle(hint, certificates, material.path("tlogEntries").size(), envelope);
    }

    private static byte[] base64(JsonNode node, String what) {
        try {
            return Base64.getDecoder().decode(node.asText(""));
        } catch (IllegalArgumentException e) {
            throw new SignatureFormatException("the bundle's " + what + " is not base64");
        }
    }
}
