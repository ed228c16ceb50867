package org.stele.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What {@code model_signing sign key} writes, built by hand from the format's description (OpenSSF model_signing
 * v1.0, signing-events-cli.md §A), not with the archive's own signing classes: so a test of the archive's
 * verification checks the format, not a round trip of its own code.
 */
public final class ModelSigning {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelSigning() {
    }

    public static KeyPair keyPair(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    /** The PEM as Python's cryptography writes it (PEM, SubjectPublicKeyInfo): 64 characters a line. */
    public static String pem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** sign_ec_key.py: the hint is the hex SHA-256 of those PEM bytes. */
    public static String hint(KeyPair pair) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pem(pair).getBytes(StandardCharsets.US_ASCII)));
    }

    /** The paths in the reference's order: by PurePath parts, so "tokenizer/vocab.json" before "tokenizer-config.json". */
    private static List<String> sortedPaths(Map<String, byte[]> files) {
        List<String> paths = new ArrayList<>(files.keySet());
        paths.sort((a, b) -> Arrays.compare(a.split("/"), b.split("/")));
        return paths;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** signing.Payload: SHA-256 over the raw digest bytes of every file, in order. */
    public static String rootDigest(Map<String, byte[]> files) throws Exception {
        MessageDigest root = MessageDigest.getInstance("SHA-256");
        for (String path : sortedPaths(files)) {
            root.update(MessageDigest.getInstance("SHA-256").digest(files.get(path)));
        }
        return HexFormat.of().formatHex(root.digest());
    }

    /** What `model_signing sign key --private-key key.priv MODEL` writes to model.sig for these files. */
    public static byte[] sign(KeyPair pair, Map<String, byte[]> files, List<String> ignorePaths) throws Exception {
        ObjectNode statement = JSON.createObjectNode();
        statement.put("_type", "https://in-toto.io/Statement/v1");
        ObjectNode subject = statement.putArray("subject").addObject();
        subject.put("name", "my-model");
        subject.putObject("digest").put("sha256", rootDigest(files));
        statement.put("predicateType", "https://model_signing/signature/v1.0");
        ObjectNode predicate = statement.putObject("predicate");
        ObjectNode serialization = predicate.putObject("serialization");
        serialization.put("method", "files").put("hash_type", "sha256").put("allow_symlinks", false);
        ArrayNode ignored = serialization.putArray("ignore_paths");
        ignorePaths.forEach(ignored::add);
        ArrayNode resources = predicate.putArray("resources");
        for (String path : sortedPaths(files)) {
            resources.addObject().put("algorithm", "sha256").put("digest", sha256(files.get(path))).put("name", path);
        }
        // protobuf's MessageToJson indents by two spaces; the signature covers these exact bytes.
        byte[] payload = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(statement);
        String type = "application/vnd.in-toto+json";
        byte[] pae = concat(("DSSEv1 " + type.length() + " " + type + " " + payload.length + " ").getBytes(StandardCharsets.UTF_8), payload);
        // sign_ec_key.get_ec_key_hash: the hash follows the curve.
        String hash = switch (((ECPublicKey) pair.getPublic()).getParams().getCurve().getField().getFieldSize()) {
            case 256 -> "SHA256";
            case 384 -> "SHA384";
            default -> "SHA512";
        };
        Signature ecdsa = Signature.getInstance(hash + "withECDSA");
        ecdsa.initSign(pair.getPrivate());
        ecdsa.update(pae);

        ObjectNode bundle = JSON.createObjectNode();
        bundle.put("mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json");
        ObjectNode material = bundle.putObject("verificationMaterial");
        material.putObject("publicKey").put("hint", hint(pair));
        material.putArray("tlogEntries");
        ObjectNode envelope = bundle.putObject("dsseEnvelope");
        envelope.put("payload", Base64.getEncoder().encodeToString(payload));
        envelope.put("payloadType", type);
        envelope.putArray("signatures").addObject().put("sig", Base64.getEncoder().encodeToString(ecdsa.sign())).put("keyid", "");
        return JSON.writeValueAsBytes(bundle);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
