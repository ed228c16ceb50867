package org.stele.domain.signing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A DSSE envelope (Dead Simple Signing Envelope v1): a typed payload and signatures over its pre-authentication
 * encoding, {@code "DSSEv1 <len(type)> <type> <len(payload)> <payload>"}, so the type cannot be swapped under a signature.
 */
public record DsseEnvelope(String payloadType, byte[] payload, List<Signature> signatures) {
    /** The payload type of an in-toto statement. */
    public static final String IN_TOTO = "application/vnd.in-toto+json";

    /** One signature; {@code keyid} is empty in model_signing bundles, whose key is named by the bundle's hint. */
    public record Signature(byte[] sig, String keyid) {
    }

    public DsseEnvelope {
        signatures = List.copyOf(signatures);
    }

    /** The bytes a signature signs. */
    public byte[] pae() {
        return pae(payloadType, payload);
    }

    public static byte[] pae(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + type.length + 32);
        out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(type);
        out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(payload);
        return out.toByteArray();
    }
}
