package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.stele.support.Deposits.createModel;
import static org.stele.support.Deposits.createVersion;
import static org.stele.support.Deposits.publish;
import static org.stele.support.Deposits.putFile;
import static org.stele.support.Deposits.uniqueName;
import static org.stele.support.Deposits.version;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stele.archive.reading.VersionRecords;
import org.stele.archive.signing.DepositorSignatures;
import org.stele.domain.catalog.DepositorSignature;
import org.stele.store.BlobStore;
import org.stele.support.ArchiveState;
import org.stele.support.Bytes;
import org.stele.support.Deposits;
import org.stele.support.Lab;
import org.stele.support.ModelSigning;

/**
 * Depositor signatures over HTTP: an owner registers a key, a draft carries {@code model.sig} made with it in the
 * exact OpenSSF model_signing format (built here by hand, from the format's description, not with the archive's
 * own signing classes), and publishing verifies it against the draft's files. Every refusal leaves the draft as it
 * was: same catalog, same storage, no record.
 */
@QuarkusTest
class DepositorSignatureApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    BlobStore store;

    @Inject
    EntityManager entityManager;

    /** The files of a small model: a nested path and a sibling that sort differently by string and by path parts. */
    private static Map<String, byte[]> modelFiles(int seed) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("config.json", "{\"hidden_size\": 8}".getBytes(StandardCharsets.UTF_8));
        files.put("model.safetensors.bin", Bytes.random(3000, seed));
        files.put("tokenizer/vocab.json", "{\"a\": 1}".getBytes(StandardCharsets.UTF_8));
        files.put("tokenizer-config.json", "{}".getBytes(StandardCharsets.UTF_8));
        return files;
    }

    @Test
    void aValidSignaturePublishesAndTheRecordLandingPageAndCatalogShowTheSigner() throws Exception {
        Lab lab = Lab.create("sig");
        KeyPair pair = ModelSigning.keyPair("secp256r1");
        String id = register(lab, pair, "release pipeline").statusCode(201)
                .header("Location", equalTo("/api/v1/namespaces/" + lab.namespace + "/signing-keys/" + ModelSigning.hint(pair)))
                .body("id", equalTo(ModelSigning.hint(pair))).body("algorithm", equalTo("ecdsa-p256-sha256"))
                .body("label", equalTo("release pipeline")).body("addedBy", equalTo(lab.owner)).body("revokedAt", nullValue())
                .extract().path("id");
        Map<String, byte[]> files = modelFiles(1);
        String model = draft(lab, files);
        putFile(model, "1", "model.sig", ModelSigning.sign(pair, files, List.of("model.sig", ".git", ".gitattributes", ".github", ".gitignore")))
                .statusCode(201);
        // Paths the signature ignores may be in the draft unsigned.
        putFile(model, "1", ".gitattributes", "*.bin filter=lfs".getBytes(StandardCharsets.UTF_8)).statusCode(201);

        String pid = publish(model, "1").statusCode(200).body("state", equalTo("published"))
                .body("depositorSignature.keyId", equalTo(id))
                .body("depositorSignature.keyLabel", equalTo("release pipeline"))
                .body("depositorSignature.namespace", equalTo(lab.namespace))
                .body("depositorSignature.signatureFile", equalTo("model.sig"))
                .body("depositorSignature.rootDigest", equalTo(ModelSigning.rootDigest(files)))
                .body("depositorSignature.verifiedAt", notNullValue())
                .extract().path("pid");
        version(model, "1").statusCode(200).body("depositorSignature.keyId", equalTo(id));
        given().accept("application/json").get("/pid/" + pid).then().statusCode(200)
                .body("depositorSignature.keyId", equalTo(id)).body("depositorSignature.namespace", equalTo(lab.namespace));
        String page = given().accept("text/html").get("/pid/" + pid).then().statusCode(200).extract().asString();
        assertThat(page).contains("id=\"signed-by\"").contains(id).contains("release pipeline").contains("verified");

        JsonNode stored;
        try (InputStream in = store.get("records/" + pid + ".json", 0, -1)) {
            stored = JSON.readTree(in);
        }
        assertThat(stored.path("depositorSignature").path("keyId").asText()).isEqualTo(id);
        assertThat(VersionRecords.manifestDigestOf(stored)).as("the signer is beside the files, not in the manifest")
                .isEqualTo(stored.path("manifestDigest").asText());
        DepositorSignature inCatalog = QuarkusTransaction.requiringNew().call(() -> (DepositorSignature) entityManager.createQuery(
                "select v.depositorSignature from ModelVersion v where v.pid = ?1").setParameter(1, pid).getSingleResult());
        assertThat(inCatalog.keyId()).isEqualTo(id);
        assertThat(inCatalog.rootDigest()).isEqualTo(ModelSigning.rootDigest(files));
        assertThat(DepositorSignatures.fromRecord(stored)).as("a catalog rebuild restores it from the record")
                .isEqualTo(inCatalog);
    }

    @Test
    void aSignatureOverOtherBytesIsRefusedNamingTheFile() throws Exception {
        Lab lab = Lab.create("sig-bytes");
        KeyPair pair = ModelSigning.keyPair("secp256r1");
        register(lab, pair, "k").statusCode(201);
        Map<String, byte[]> signed = modelFiles(2);
        Map<String, byte[]> deposited = new LinkedHashMap<>(signed);
        deposited.put("model.safetensors.bin", Bytes.random(3000, 3));
        String model = draft(lab, deposited);
        putFile(model, "1", "model.sig", ModelSigning.sign(pair, signed, List.of("model.sig"))).statusCode(201);
        refused(model, "signature_mismatch").body("detail", containsString("model.safetensors.bin"))
                .body("detail", containsString("SHA-256 differs"));
    }

    @Test
    void aSignatureByAnUnknownKeyIsRefused() throws Exception {
        Lab lab = Lab.create("sig-unknown");
        register(lab, ModelSigning.keyPair("secp256r1"), "another key").statusCode(201);
        KeyPair stranger = ModelSigning.keyPair("secp256r1");
        Map<String, byte[]> files = modelFiles(4);
        String model = draft(lab, files);
        putFile(model, "1", "model.sig", ModelSigning.sign(stranger, files, List.of("model.sig"))).statusCode(201);
        refused(model, "signature_key_unknown").body("detail", containsString(ModelSigning.hint(stranger)));
    }

    @Test
    void aKeyRegisteredInAnotherNamespaceDoesNotCount() throws Exception {
        Lab lab = Lab.create("sig-elsewhere");
        KeyPair pair = ModelSigning.keyPair("secp256r1");
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON)
                .body(Map.of("publicKeyPem", ModelSigning.pem(pair))).post("/api/v1/namespaces/" + lab.otherNamespace + "/signing-keys")
                .then().statusCode(201);
        Map<String, byte[]> files = modelFiles(5);
        String model = draft(lab, files);
        putFile(model, "1", "model.sig", ModelSigning.sign(pair, files, List.of("model.sig"))).statusCode(201);
        refused(model, "signature_key_unknown");
    }

    @Test
    void aRevokedKeyNoLongerVerifiesNewPublishes() throws Exception {
        Lab lab = Lab.create("sig-revoked");
        KeyPair pair = ModelSigning.keyPair("secp384r1");
        String owner = Lab.token(lab.owner, List.of("read", "write"));
        String id = register(lab, pair, "old laptop").statusCode(201).body("algorithm", equalTo("ecdsa-p384-sha384"))
                .extract().path("id");
        given().header("Authorization", owner).delete("/api/v1/namespaces/" + lab.namespace + "/signing-keys/" + id).then()
                .statusCode(200).body("revokedAt", notNullValue()).body("revokedBy", equalTo(lab.owner));
        given().header("Authorization", owner).get("/api/v1/namespaces/" + lab.namespace + "/signing-keys").then().statusCode(200)
                .body("keys", hasSize(1)).body("keys[0].id", equalTo(id)).body("keys[0].revokedAt", notNullValue());
        given().header("Authorization", Deposits.AUTH).get("/api/v1/audit?target=signing-key:" + id).then().statusCode(200)
                .body("items.action", org.hamcrest.Matchers.contains("signing_key.added", "signing_key.revoked"))
                .body("items.actor", org.hamcrest.Matchers.everyItem(equalTo(lab.owner)))
                .body("items.namespace", org.hamcrest.Matchers.everyItem(equalTo(lab.namespace)));
        // Revoked stays revoked: the same key cannot come back.
        register(lab, pair, "again").statusCode(409).body("code", equalTo("signing_key_exists"));

        Map<String, byte[]> files = modelFiles(6);
        String model = draft(lab, files);
        putFile(model, "1", "model.sig", ModelSigning.sign(pair, files, List.of("model.sig"))).statusCode(201);
        refused(model, "signature_key_unknown").body("detail", containsString("revoked"));
    }

    @Test
    void aSignedFileMissingFromTheDraftIsRefused() throws Exception {
        Lab lab = Lab.create("sig-missing");
        KeyPair pair = ModelSigning.keyPair("secp256r1");
        register(lab, pair, "k").statusCode(201);
        Map<String, byte[]> signed = modelFiles(7);
        Map<String, byte[]> deposited = new LinkedHashMap<>(signed);
        deposited.remove("tokenizer/vocab.json");
        String model = draft(lab, deposited);
        putFile(model, "1", "model.sig", ModelSigning.sign(pair, signed, List.of("model.sig"))).statusCode(201);
        refused(model, "signature_mismatch").body("detail", containsString("signed but not in the draft: tokenizer/vocab.json"));
    }

    @Test
    void anUnsignedExtraFileIsRefused() throws Exception {
        Lab lab = Lab.create("sig-extra");
        KeyPair pair = ModelSigning.keyPair("secp521r1");
        register(lab, pair, "k").statusCode(201).body("algorithm", equalTo("ecdsa-p521-sha512"));
        Map<String, byte[]> signed = modelFiles(8);
        Map<String, byte[]> deposited = new LinkedHashMap<>(signed);
        deposited.put("extra/notes.txt", "not signed".getBytes(StandardCharsets.UTF_8));
        String model = draft(lab, deposited);
        putFile(model, "1", "model.sig", ModelSigning.sign(pair, signed, List.of("model.sig"))).statusCode(201);
        refused(model, "signature_mismatch").body("detail", containsString("in the draft but not signed: extra/notes.txt"));
    }

    @Test
    void aSignatureThatDoesNotVerifyWithTheKeyItNamesIsInvalid() throws Exception {
        Lab lab = Lab.create("sig-invalid");
        KeyPair registered = ModelSigning.keyPair("secp256r1");
        register(lab, registered, "k").statusCode(201);
        Map<String, byte[]> files = modelFiles(9);
        String model = draft(lab, files);
        // Signed by another key while naming the registered one.
        ObjectNode bundle = (ObjectNode) JSON.readTree(ModelSigning.sign(ModelSigning.keyPair("secp256r1"), files, List.of("model.sig")));
        ((ObjectNode) bundle.path("verificationMaterial").path("publicKey")).put("hint", ModelSigning.hint(registered));
        putFile(model, "1", "model.sig", JSON.writeValueAsBytes(bundle)).statusCode(201);
        refused(model, "signature_invalid");
    }

    @Test
    void aCertificateBasedBundleIsRefusedWithItsOwnCode() throws Exception {
        Lab lab = Lab.create("sig-cert");
        KeyPair pair = ModelSigning.keyPair("secp256r1");
        register(lab, pair, "k").statusCode(201);
        Map<String, byte[]> files = modelFiles(10);
        String model = draft(lab, files);
        // As `model_signing sign sigstore` writes it: a Fulcio leaf and a Rekor entry instead of a key hint.
        ObjectNode bundle = (ObjectNode) JSON.readTree(ModelSigning.sign(pair, files, List.of("model.sig")));
        ObjectNode material = bundle.putObject("verificationMaterial");
        material.putObject("certificate").put("rawBytes", Base64.getEncoder().encodeToString(Bytes.random(600, 11)));
        material.putArray("tlogEntries").addObject().put("logIndex", "12345");
        putFile(model, "1", "model.sig", JSON.writeValueAsBytes(bundle)).statusCode(201);
        refused(model, "signature_unsupported").body("detail", containsString("certificate"));
    }

    @Test
    void aModelSigThatIsNotABundleIsMalformed() throws Exception {
        Lab lab = Lab.create("sig-malformed");
        String model = draft(lab, modelFiles(12));
        putFile(model, "1", "model.sig", "-----BEGIN PGP SIGNATURE-----".getBytes(StandardCharsets.UTF_8)).statusCode(201);
        refused(model, "signature_malformed");
    }

    @Test
    void onlyOwnersRegisterOrRevokeKeysAndNothingIsStoredOtherwise() throws Exception {
        Lab lab = Lab.create("sig-perm");
        KeyPair pair = ModelSigning.keyPair("secp256r1");
        String url = "/api/v1/namespaces/" + lab.namespace + "/signing-keys";
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String user : List.of(lab.maintainer, lab.reader, lab.outsider)) {
            tokens.put(user, Lab.token(user, List.of("read", "write", "publish")));
        }
        String ownerReadOnly = Lab.token(lab.owner, List.of("read"));
        String owner = Lab.token(lab.owner, List.of("read", "write"));
        ArchiveState before = ArchiveState.of(store);
        for (String token : tokens.values()) {
            given().header("Authorization", token).contentType(ContentType.JSON)
                    .body(Map.of("publicKeyPem", ModelSigning.pem(pair))).post(url).then().statusCode(403).body("code", equalTo("forbidden"));
        }
        given().contentType(ContentType.JSON).body(Map.of("publicKeyPem", ModelSigning.pem(pair))).post(url).then()
                .statusCode(401).body("code", equalTo("unauthenticated"));
        // An owner's token without the write scope may not either.
        given().header("Authorization", ownerReadOnly).contentType(ContentType.JSON)
                .body(Map.of("publicKeyPem", ModelSigning.pem(pair))).post(url).then().statusCode(403).body("code", equalTo("insufficient_scope"));
        assertThat(ArchiveState.of(store)).isEqualTo(before);

        String id = given().header("Authorization", owner).contentType(ContentType.JSON)
                .body(Map.of("publicKeyPem", ModelSigning.pem(pair), "label", "k")).post(url).then().statusCode(201).extract().path("id");
        given().header("Authorization", tokens.get(lab.reader)).get(url).then().statusCode(200)
                .body("keys", hasSize(1)).body("keys[0].publicKeyPem", equalTo(ModelSigning.pem(pair)));
        given().header("Authorization", tokens.get(lab.outsider)).get(url).then().statusCode(403)
                .body("code", equalTo("forbidden"));
        ArchiveState registered = ArchiveState.of(store);
        given().header("Authorization", tokens.get(lab.maintainer)).delete(url + "/" + id).then()
                .statusCode(403).body("code", equalTo("forbidden"));
        given().header("Authorization", owner).delete(url + "/" + "0".repeat(64)).then()
                .statusCode(404).body("code", equalTo("signing_key_not_found"));
        assertThat(ArchiveState.of(store)).isEqualTo(registered);
        given().header("Authorization", owner).get(url).then().statusCode(200).body("keys[0].revokedAt", nullValue());
    }

    @Test
    void anInvalidPemOrAnRsaKeyIsRefusedAndNothingIsStored() throws Exception {
        Lab lab = Lab.create("sig-pem");
        String owner = Lab.token(lab.owner, List.of("read", "write"));
        String url = "/api/v1/namespaces/" + lab.namespace + "/signing-keys";
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String rsaPem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(rsa.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        ArchiveState before = ArchiveState.of(store);
        for (String pem : List.of("not a key", rsaPem, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")) {
            given().header("Authorization", owner).contentType(ContentType.JSON).body(Map.of("publicKeyPem", pem)).post(url)
                    .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("invalid_signing_key"));
        }
        given().header("Authorization", owner).contentType(ContentType.JSON).body(Map.of("label", "no key")).post(url)
                .then().statusCode(400).body("code", equalTo("invalid_signing_key"));
        given().header("Authorization", owner).contentType(ContentType.JSON)
                .body(Map.of("publicKeyPem", ModelSigning.pem(ModelSigning.keyPair("secp256r1")), "label", "x".repeat(201))).post(url)
                .then().statusCode(400).body("code", equalTo("invalid_signing_key"));
        assertThat(ArchiveState.of(store)).isEqualTo(before);
        given().header("Authorization", owner).get(url).then().statusCode(200).body("keys", hasSize(0));
    }

    @Test
    void theKeyIdIsTheHintWhateverLineBreaksThePemWasSentWith() throws Exception {
        Lab lab = Lab.create("sig-crlf");
        KeyPair pair = ModelSigning.keyPair("secp256r1");
        String crlf = ModelSigning.pem(pair).replace("\n", "\r\n");
        given().header("Authorization", Lab.token(lab.owner, List.of("read", "write"))).contentType(ContentType.JSON)
                .body(Map.of("publicKeyPem", crlf)).post("/api/v1/namespaces/" + lab.namespace + "/signing-keys").then()
                .statusCode(201).body("id", equalTo(ModelSigning.hint(pair))).body("publicKeyPem", equalTo(ModelSigning.pem(pair)));
    }

    // --- deposit steps ---

    private static io.restassured.response.ValidatableResponse register(Lab lab, KeyPair pair, String label) {
        return given().header("Authorization", Lab.token(lab.owner, List.of("read", "write"))).contentType(ContentType.JSON)
                .body(Map.of("publicKeyPem", ModelSigning.pem(pair), "label", label))
                .post("/api/v1/namespaces/" + lab.namespace + "/signing-keys").then();
    }

    /** A draft "1" of a new model in the lab's namespace holding {@code files}; answers "ns/name". */
    private static String draft(Lab lab, Map<String, byte[]> files) {
        String name = uniqueName("signed");
        createModel(lab.namespace, name).statusCode(201);
        String model = lab.namespace + "/" + name;
        createVersion(model, "1").statusCode(201);
        files.forEach((path, bytes) -> putFile(model, "1", path, bytes).statusCode(201));
        return model;
    }

    /** Publishing is refused with {@code code}, and the draft, the catalog and storage are as they were. */
    private io.restassured.response.ValidatableResponse refused(String model, String code) throws Exception {
        String pid = version(model, "1").statusCode(200).extract().path("pid");
        ArchiveState before = ArchiveState.of(store);
        io.restassured.response.ValidatableResponse answer = publish(model, "1").statusCode(422)
                .contentType("application/problem+json").body("code", equalTo(code));
        assertThat(ArchiveState.of(store)).as("a refused publish changes nothing").isEqualTo(before);
        version(model, "1").statusCode(200).body("state", equalTo("draft")).body("depositorSignature", nullValue());
        assertThat(store.size("records/" + pid + ".json")).as("no record is written").isEmpty();
        given().accept("application/json").get("/pid/" + pid).then().statusCode(404).body("code", equalTo("not_yet_published"));
        return answer;
    }
}
