package org.stele.archive.signing;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * An EC P-256 private key in PEM, as operators make them: PKCS#8 ({@code openssl genpkey}, {@code BEGIN PRIVATE KEY})
 * or SEC1 ({@code openssl ecparam -genkey}, {@code BEGIN EC PRIVATE KEY}), read with Bouncy Castle. The public key is
 * recomputed from the private scalar (d·G), since neither format is sure to carry it.
 */
final class PrivateKeyPem {
    private PrivateKeyPem() {
    }

    /** The key pair of a PEM private key; IllegalArgumentException with the reason when it is not a P-256 key. */
    static KeyPair read(String pem) {
        Object parsed;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            parsed = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not an EC P-256 private key (" + e.getMessage() + ")");
        }
        PrivateKeyInfo info = parsed instanceof PEMKeyPair pair ? pair.getPrivateKeyInfo()
                : parsed instanceof PrivateKeyInfo plain ? plain : null;
        if (info == null) {
            throw new IllegalArgumentException("no '-----BEGIN PRIVATE KEY-----' or '-----BEGIN EC PRIVATE KEY-----' block");
        }
        try {
            ECPrivateKey key = (ECPrivateKey) new JcaPEMKeyConverter().getPrivateKey(info);
            if (key.getParams().getCurve().getField().getFieldSize() != 256) {
                throw new IllegalArgumentException("the key is not on the P-256 curve");
            }
            return new KeyPair(publicOf(key), key);
        } catch (IOException | GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("not an EC P-256 private key (" + e.getMessage() + ")");
        }
    }

    /** PKCS#8 PEM of a private key, as written to the data directory. */
    static String write(ECPrivateKey key) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    }

    private static ECPublicKey publicOf(ECPrivateKey key) throws GeneralSecurityException {
        org.bouncycastle.math.ec.ECPoint q = ECNamedCurveTable.getParameterSpec("secp256r1").getG().multiply(key.getS()).normalize();
        ECPoint point = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, key.getParams()));
    }
}
