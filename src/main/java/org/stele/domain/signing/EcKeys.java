package org.stele.domain.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The elliptic-curve keys model_signing accepts (P-256, P-384, P-521, with SHA-256, -384, -512 to match), in PEM as
 * {@code openssl ec -pubout} and Python's {@code cryptography} write it: the hint that names a key in a bundle is the
 * SHA-256 of exactly those PEM bytes, so the line breaks matter.
 */
public final class EcKeys {
    private EcKeys() {
    }

    /** The PEM SubjectPublicKeyInfo, 64 characters a line, ending in a newline. */
    public static String pem(PublicKey key) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }

    /** Reads a PEM public key and checks it is an EC key on a supported curve. */
    public static ECPublicKey parsePem(String pem) {
        String body = pem == null ? "" : pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        try {
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
            ECPublicKey ec = (ECPublicKey) key;
            hashFor(ec);
            return ec;
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new SignatureFormatException("not a PEM public key on P-256, P-384 or P-521"
                    + (e instanceof SignatureFormatException ? ": " + e.getMessage() : ""));
        }
    }

    /** The key's hint in a Sigstore bundle: the hex SHA-256 of its PEM. */
    public static String hint(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pem(key).getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** An ECDSA signature (DER) over {@code data}, with the hash that goes with the key's curve. */
    public static byte[] sign(PrivateKey key, ECPublicKey publicKey, byte[] data) {
        try {
            Signature signature = Signature.getInstance(hashFor(publicKey));
            signature.initSign(key);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign with an EC key", e);
        }
    }

    /** Whether {@code sig} (DER) is the key's signature over {@code data}. */
    public static boolean verify(ECPublicKey key, byte[] sig, byte[] data) {
        try {
            Signature signature = Signature.getInstance(hashFor(key));
            signature.initVerify(key);
            signature.update(data);
            return signature.verify(sig);
        } catch (GeneralSecurityException e) {
            return false; // a malformed signature verifies nothing
        }
    }

    private static String hashFor(ECPublicKey key) {
        return switch (key.getParams().getCurve().getField().getFieldSize()) {
            case 256 -> "SHA256withECDSA";
            case 384 -> "SHA384withECDSA";
            case 521 -> "SHA512withECDSA";
            default -> throw new SignatureFormatException("only the P-256, P-384 and P-521 curves are accepted");
        };
    }
}
