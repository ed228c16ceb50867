package org.stele.domain.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelSigningFormatTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);
    private static final String C = "c".repeat(64);

    @Test
    void resourcesSortByPathComponentsAsTheReferenceDoes() {
        ModelStatement statement = ModelStatement.of("m", Map.of("a-b", A, "a/b", B, "a", C));
        assertThat(statement.resources()).extracting(ModelStatement.Resource::name).containsExactly("a", "a/b", "a-b");
    }

    @Test
    void theRootDigestHashesTheRawDigestsInOrder() throws Exception {
        ModelStatement statement = ModelStatement.of("m", Map.of("y", B, "x", A));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(HexFormat.of().parseHex(A));
        sha.update(HexFormat.of().parseHex(B));
        assertThat(statement.rootDigest()).isEqualTo(HexFormat.of().formatHex(sha.digest()));
    }

    @Test
    void aStatementReadsBackAndATamperedOneIsInconsistent() {
        ModelStatement statement = ModelStatement.of("m", Map.of("x", A, "d/y", B));
        assertThat(ModelStatement.parse(statement.toJson())).isEqualTo(statement);
        String tampered = new String(statement.toJson(), StandardCharsets.UTF_8).replace(B, C);
        assertThatThrownBy(() -> ModelStatement.parse(tampered.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SignatureFormatException.class).hasMessageContaining("inconsistent");
    }

    @Test
    void theRootDigestIsCheckedInThePayloadsOrderAsTheReferenceVerifierDoes() throws Exception {
        // verifying.py hashes predicate.resources as listed; a payload listing "x" before "a" signs that order.
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(HexFormat.of().parseHex(B));
        sha.update(HexFormat.of().parseHex(A));
        String unsortedRoot = HexFormat.of().formatHex(sha.digest());
        String payload = """
                {"_type": "https://in-toto.io/Statement/v1",
                 "subject": [{"name": "m", "digest": {"sha256": "%s"}}],
                 "predicateType": "https://model_signing/signature/v1.0",
                 "predicate": {"serialization": {"method": "files", "hash_type": "sha256", "allow_symlinks": false, "ignore_paths": []},
                   "resources": [{"name": "x", "algorithm": "sha256", "digest": "%s"},
                                 {"name": "a", "algorithm": "sha256", "digest": "%s"}]}}""".formatted(unsortedRoot, B, A);
        ModelStatement parsed = ModelStatement.parse(payload.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.resources()).extracting(ModelStatement.Resource::name).containsExactly("a", "x");
        String sortedRoot = ModelStatement.of("m", Map.of("a", A, "x", B)).rootDigest();
        assertThatThrownBy(() -> ModelStatement.parse(payload.replace(unsortedRoot, sortedRoot).getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SignatureFormatException.class).hasMessageContaining("inconsistent");
    }

    @Test
    void aBundleSignedWithAKeyVerifiesAfterARoundTripAndNotOverOtherBytes() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        ECPublicKey key = (ECPublicKey) pair.getPublic();
        byte[] payload = ModelStatement.of("m", Map.of("x", A)).toJson();
        byte[] sig = EcKeys.sign(pair.getPrivate(), key, DsseEnvelope.pae(DsseEnvelope.IN_TOTO, payload));
        SigstoreBundle bundle = SigstoreBundle.signedWithKey(EcKeys.hint(key),
                new DsseEnvelope(DsseEnvelope.IN_TOTO, payload, List.of(new DsseEnvelope.Signature(sig, ""))));

        SigstoreBundle read = SigstoreBundle.parse(bundle.toJson());
        assertThat(read.publicKeyHint()).isEqualTo(EcKeys.hint(EcKeys.parsePem(EcKeys.pem(key))));
        assertThat(read.certificateBased()).isFalse();
        assertThat(EcKeys.verify(key, read.envelope().signatures().get(0).sig(), read.envelope().pae())).isTrue();
        assertThat(EcKeys.verify(key, read.envelope().signatures().get(0).sig(), DsseEnvelope.pae(DsseEnvelope.IN_TOTO, "{}".getBytes()))).isFalse();
        assertThat(EcKeys.pem(key)).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("\n-----END PUBLIC KEY-----\n");
    }

    @Test
    void otherMediaTypesAndRsaKeysAreRefused() throws Exception {
        assertThatThrownBy(() -> SigstoreBundle.parse("{\"mediaType\":\"application/vnd.dev.sigstore.bundle+json;version=0.1\"}".getBytes()))
                .isInstanceOf(SignatureFormatException.class);
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String pem = EcKeys.pem(rsa.generateKeyPair().getPublic());
        assertThatThrownBy(() -> EcKeys.parsePem(pem)).isInstanceOf(SignatureFormatException.class);
    }
}
