package org.stele.archive.signing;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * An EC P-256 private key in PEM, as operators make them: PKCS#8 ({@code openssl genpkey}, {@code BEGIN PRIVATE KEY})
 * or SEC1 ({@code openssl ecparam -genkey}, {@code BEGIN EC PRIVATE KEY}). The public key is recomputed from the private
 * scalar (d·G), since neither format is sure to carry it and the JDK has no call for it.
 */
final class PrivateKeyPem {
    private static final String PKCS8 = "PRIVATE KEY";
    private static final String SEC1 = "EC PRIVATE KEY";
    /** The AlgorithmIdentifier of a P-256 key: id-ecPublicKey with the prime256v1 curve. */
    private static final byte[] P256_ALGORITHM = java.util.HexFormat.of().parseHex("301306072a8648ce3d020106082a8648ce3d030107");

    private PrivateKeyPem() {
    }

    /** The key pair of a PEM private key; IllegalArgumentException with the reason when it is not a P-256 key. */
    static KeyPair read(String pem) {
        String type = pem.contains("-----BEGIN " + SEC1 + "-----") ? SEC1 : PKCS8;
        String begin = "-----BEGIN " + type + "-----";
        int start = pem.indexOf(begin);
        int end = pem.indexOf("-----END " + type + "-----");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("no '-----BEGIN PRIVATE KEY-----' or '-----BEGIN EC PRIVATE KEY-----' block");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM body is not base64");
        }
        byte[] pkcs8 = type.equals(SEC1) ? wrap(der) : der;
        try {
            ECPrivateKey key = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            if (key.getParams().getCurve().getField().getFieldSize() != 256) {
                throw new IllegalArgumentException("the key is not on the P-256 curve");
            }
            return new KeyPair(publicOf(key), key);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("not an EC P-256 private key (" + e.getMessage() + ")");
        }
    }

    /** PKCS#8 PEM of a private key, as written to the data directory. */
    static String write(ECPrivateKey key) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    }

    /** A SEC1 key inside a PKCS#8 PrivateKeyInfo: SEQUENCE { 0, P-256 algorithm, OCTET STRING sec1 }. */
    private static byte[] wrap(byte[] sec1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(P256_ALGORITHM);
        body.writeBytes(tlv(0x04, sec1));
        return tlv(0x30, body.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (value.length < 128) {
            out.write(value.length);
        } else {
            byte[] length = BigInteger.valueOf(value.length).toByteArray();
            int skip = length[0] == 0 ? 1 : 0;
            out.write(0x80 | (length.length - skip));
            out.write(length, skip, length.length - skip);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static ECPublicKey publicOf(ECPrivateKey key) throws GeneralSecurityException {
        ECParameterSpec params = key.getParams();
        ECPoint q = multiply(params, key.getS(), params.getGenerator());
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(q, params));
    }

    /** k·P on a prime curve, by double-and-add in affine coordinates; run once per start, so speed does not matter. */
    private static ECPoint multiply(ECParameterSpec params, BigInteger k, ECPoint point) {
        ECPoint result = ECPoint.POINT_INFINITY;
        ECPoint addend = point;
        for (int i = 0; i < k.bitLength(); i++) {
            if (k.testBit(i)) {
                result = add(params, result, addend);
            }
            addend = add(params, addend, addend);
        }
        return result;
    }

    private static ECPoint add(ECParameterSpec params, ECPoint a, ECPoint b) {
        if (a.equals(ECPoint.POINT_INFINITY)) {
            return b;
        }
        if (b.equals(ECPoint.POINT_INFINITY)) {
            return a;
        }
        BigInteger p = ((ECFieldFp) params.getCurve().getField()).getP();
        BigInteger lambda;
        if (a.getAffineX().equals(b.getAffineX())) {
            if (a.getAffineY().add(b.getAffineY()).mod(p).signum() == 0) {
                return ECPoint.POINT_INFINITY;
            }
            BigInteger x = a.getAffineX();
            lambda = x.multiply(x).multiply(BigInteger.valueOf(3)).add(params.getCurve().getA())
                    .multiply(a.getAffineY().shiftLeft(1).modInverse(p)).mod(p);
        } else {
            lambda = b.getAffineY().subtract(a.getAffineY())
                    .multiply(b.getAffineX().subtract(a.getAffineX()).modInverse(p)).mod(p);
        }
        BigInteger x = lambda.multiply(lambda).subtract(a.getAffineX()).subtract(b.getAffineX()).mod(p);
        BigInteger y = lambda.multiply(a.getAffineX().subtract(x)).subtract(a.getAffineY()).mod(p);
        return new ECPoint(x, y);
    }
}
