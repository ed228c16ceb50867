package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.stele.support.Deposits.AUTH;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stele.archive.publishing.SignatureBackfill;
import org.stele.archive.signing.ArchiveKeys;
import org.stele.archive.signing.DocumentSignatures;
import org.stele.config.SteleConfig;
import org.stele.store.BlobStore;
import org.stele.store.StorageLayout;
import org.stele.support.ArchiveState;
import org.stele.support.Bytes;
import org.stele.support.Clients;
import org.stele.support.Deposits;

/**
 * The archive's signatures, checked by verifiers that are not Stele's: the Sigstore project's {@code @sigstore/verify}
 * (src/test/sigstore-js) for the bundle, a standard-library Python script (src/test/python) that recomputes every digest
 * from the downloaded files, and openssl for a stored record's detached signature, as docs/preservation.md tells an
 * operator to. Without node, its packages, python3 or openssl the test is skipped locally and fails in CI (CI=true).
 */
@QuarkusTest
class ArchiveSignaturesTest {
    private static final Path SIGSTORE_JS = Path.of("src/test/sigstore-js");
    private static final Path PYTHON_CHECK = Path.of("src/test/python/check_model_statement.py");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    BlobStore store;

    @Inject
    DocumentSignatures documentSignatures;

    @Inject
    ArchiveKeys keys;

    @Inject
    SteleConfig config;

    @Inject
    SignatureBackfill backfill;

    @TempDir
    Path temp;

    @Test
    void aPublishedVersionIsSignedInTheModelSigningFormatAndIndependentVerifiersAgree() throws Exception {
        Clients.require(Files.isDirectory(SIGSTORE_JS.resolve("node_modules/@sigstore/verify")) && runs("node", "--version"),
                "@sigstore/verify (npm ci --prefix src/test/sigstore-js) and node");
        Clients.require(runs("python3", "--version"), "python3");
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("model.safetensors", Bytes.random(2 * 1024 * 1024 + 5, 301));
        files.put("a-b.txt", "dash".getBytes(StandardCharsets.UTF_8));
        files.put("a/b.txt", "slash: sorts before a-b by path components".getBytes(StandardCharsets.UTF_8));
        files.put("config.json", "{\"hidden_size\": 8}".getBytes(StandardCharsets.UTF_8));
        files.put(".gitignore", "*.tmp\n".getBytes(StandardCharsets.UTF_8)); // in model_signing's ignore_paths
        String model = Deposits.published("1.0", files);
        String pid = Deposits.version(model, "1.0").extract().path("pid");

        JsonNode key = currentKey();
        String pem = key.path("publicKeyPem").asText();
        assertThat(key.path("id").asText()).isEqualTo(sha256Hex(pem.getBytes(StandardCharsets.US_ASCII)));
        assertThat(key.path("algorithm").asText()).isEqualTo("ecdsa-p256-sha256");
        Path publicKey = Files.writeString(temp.resolve("archive.pub"), pem);

        byte[] bundleBytes = given().get("/api/v1/models/" + model + "/versions/1.0/signature").then().statusCode(200)
                .contentType("application/vnd.dev.sigstore.bundle.v0.3+json").extract().asByteArray();
        Path bundle = Files.write(temp.resolve("model.sig"), bundleBytes);
        JsonNode parsed = JSON.readTree(bundleBytes);
        assertThat(parsed.path("verificationMaterial").path("publicKey").path("hint").asText()).isEqualTo(key.path("id").asText());

        // The Sigstore project's verifier accepts it with the published key...
        Result sigstore = run("node", SIGSTORE_JS.resolve("verify-bundle.mjs").toString(), bundle.toString(), publicKey.toString());
        assertThat(sigstore.code()).as(sigstore.output()).isZero();
        JsonNode statement = JSON.readTree(sigstore.output()).path("statement");
        assertThat(statement.path("predicateType").asText()).isEqualTo("https://model_signing/signature/v1.0");
        assertThat(statement.path("subject").get(0).path("name").asText()).isEqualTo(pid);
        List<String> names = new ArrayList<>();
        statement.path("predicate").path("resources").forEach(r -> names.add(r.path("name").asText()));
        assertThat(names).containsExactly("a/b.txt", "a-b.txt", "config.json", "model.safetensors");

        // ...and refuses it once the statement is changed, or with another key.
        ((com.fasterxml.jackson.databind.node.ObjectNode) parsed.path("dsseEnvelope")).put("payload",
                Base64.getEncoder().encodeToString(new String(Base64.getDecoder().decode(parsed.path("dsseEnvelope")
                        .path("payload").asText()), StandardCharsets.UTF_8).replace("config.json", "config.jsoN")
                        .getBytes(StandardCharsets.UTF_8)));
        Path forged = Files.write(temp.resolve("forged.sig"), JSON.writeValueAsBytes(parsed));
        assertThat(run("node", SIGSTORE_JS.resolve("verify-bundle.mjs").toString(), forged.toString(), publicKey.toString()).code())
                .isEqualTo(1);
        Path otherKey = temp.resolve("other.pub");
        run("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", temp.resolve("other.key").toString());
        run("openssl", "ec", "-in", temp.resolve("other.key").toString(), "-pubout", "-out", otherKey.toString());
        assertThat(run("node", SIGSTORE_JS.resolve("verify-bundle.mjs").toString(), bundle.toString(), otherKey.toString()).code())
                .isEqualTo(1);

        // Every digest and the root digest recompute from the downloaded files alone.
        Path dir = Files.createDirectory(temp.resolve("model"));
        for (String path : files.keySet()) {
            byte[] bytes = given().urlEncodingEnabled(false).get("/api/v1/models/" + model + "/versions/1.0/files/" + path)
                    .then().statusCode(200).extract().asByteArray();
            Files.createDirectories(dir.resolve(path).getParent());
            Files.write(dir.resolve(path), bytes);
        }
        Result python = run("python3", PYTHON_CHECK.toString(), dir.toString(), bundle.toString());
        assertThat(python.code()).as(python.output()).isZero();
        assertThat(JSON.readTree(python.output()).path("files").asInt()).isEqualTo(4);
        Files.write(dir.resolve("config.json"), "{\"hidden_size\": 9}".getBytes(StandardCharsets.UTF_8));
        Result tampered = run("python3", PYTHON_CHECK.toString(), dir.toString(), bundle.toString());
        assertThat(tampered.code()).isEqualTo(1);
        assertThat(tampered.output()).contains("hash mismatch for config.json");

        // The bag carries the same signature as a tag file its tag manifest covers.
        Map<String, byte[]> bag = unzip(given().get("/api/v1/models/" + model + "/versions/1.0/bag").then().statusCode(200)
                .extract().asByteArray());
        String suffix = pid.substring(pid.indexOf('/') + 1);
        assertThat(bag.get(suffix + "/metadata/model.sig")).isEqualTo(bundleBytes);
        assertThat(new String(bag.get(suffix + "/tagmanifest-sha256.txt"), StandardCharsets.UTF_8))
                .contains(sha256Hex(bundleBytes) + "  metadata/model.sig\n");
    }

    @Test
    void everyStoredRecordHasADetachedSignatureOpensslAccepts() throws Exception {
        Clients.require(runs("openssl", "version"), "openssl");
        String model = Deposits.published("1.0", Map.of("w.bin", Bytes.random(1000, 302)));
        String pid = Deposits.version(model, "1.0").extract().path("pid");
        String recordKey = StorageLayout.record(pid);
        byte[] record = read(recordKey);
        byte[] signature = read(DocumentSignatures.signatureKey(recordKey));
        assertThat(documentSignatures.verify(recordKey, record, signature)).isEqualTo(DocumentSignatures.Verdict.VERIFIED);

        // By hand, as docs/preservation.md says: the PAE of the stored bytes, the signature, the listed public key.
        JsonNode envelope = JSON.readTree(signature);
        String keyId = envelope.path("signatures").get(0).path("keyid").asText();
        assertThat(keyId).isEqualTo(currentKey().path("id").asText());
        Path pub = Files.writeString(temp.resolve("key.pem"), currentKey().path("publicKeyPem").asText());
        Path sig = Files.write(temp.resolve("sig.der"), Base64.getDecoder().decode(envelope.path("signatures").get(0).path("sig").asText()));
        Path pae = Files.write(temp.resolve("pae.bin"), pae(envelope.path("payloadType").asText(), record));
        Result openssl = run("openssl", "dgst", "-sha256", "-verify", pub.toString(), "-signature", sig.toString(), pae.toString());
        assertThat(openssl.output()).contains("Verified OK");
        byte[] edited = new String(record, StandardCharsets.UTF_8).replace("\"1.0\"", "\"1.1\"").getBytes(StandardCharsets.UTF_8);
        Files.write(pae, pae(envelope.path("payloadType").asText(), edited));
        assertThat(run("openssl", "dgst", "-sha256", "-verify", pub.toString(), "-signature", sig.toString(), pae.toString()).output())
                .contains("Verification failure");

        // The one check the fixity pass and the rebuild use.
        assertThat(documentSignatures.verify(recordKey, edited, signature)).isEqualTo(DocumentSignatures.Verdict.MISMATCH);
        assertThat(documentSignatures.verify(recordKey, record, null)).isEqualTo(DocumentSignatures.Verdict.MISSING);
        assertThat(documentSignatures.verify(recordKey, record, "{}".getBytes())).isEqualTo(DocumentSignatures.Verdict.MALFORMED);
        byte[] unknownKey = new String(signature, StandardCharsets.UTF_8).replace(keyId, "0".repeat(64)).getBytes(StandardCharsets.UTF_8);
        assertThat(documentSignatures.verify(recordKey, record, unknownKey)).isEqualTo(DocumentSignatures.Verdict.UNKNOWN_KEY);

        // The model document is signed as well.
        String conceptKey = StorageLayout.record(Deposits.version(model, "1.0").extract().<String>path("conceptPid"));
        assertThat(documentSignatures.verify(conceptKey, read(conceptKey), read(DocumentSignatures.signatureKey(conceptKey))))
                .isEqualTo(DocumentSignatures.Verdict.VERIFIED);
    }

    @Test
    void theSignatureIsServedExactlyWhenTheFilesAre() throws IOException {
        String model = Deposits.published("1.0", Map.of("a.bin", Bytes.random(500, 303)));
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("reason", "licence dispute"))
                .post("/api/v1/models/" + model + "/versions/1.0/withdraw").then().statusCode(200);
        Deposits.createVersion(model, "2.0").statusCode(201);
        Deposits.putFile(model, "2.0", "b.bin", Bytes.random(500, 304)).statusCode(201);
        String hidden = Deposits.published("1.0", Map.of("c.bin", Bytes.random(500, 305)));
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("visibility", "restricted"))
                .patch("/api/v1/models/" + hidden).then().statusCode(200);
        String embargoed = "lab/" + Deposits.uniqueName("embargoed");
        Deposits.createModel("lab", embargoed.substring(4)).statusCode(201);
        given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body(Map.of("version", "1.0", "embargoUntil", java.time.Instant.now().plusSeconds(86400).toString()))
                .post("/api/v1/models/" + embargoed + "/versions").then().statusCode(201);
        Deposits.putFile(embargoed, "1.0", "d.bin", Bytes.random(500, 310)).statusCode(201);
        Deposits.publish(embargoed, "1.0").statusCode(200);
        ArchiveState before = ArchiveState.of(store);

        // Under embargo: 403 embargoed to outsiders for both, served to the namespace's readers.
        for (String path : new String[] {"signature", "files/d.bin"}) {
            given().get("/api/v1/models/" + embargoed + "/versions/1.0/" + path).then().statusCode(403)
                    .body("code", equalTo("embargoed"));
            given().header("Authorization", AUTH).get("/api/v1/models/" + embargoed + "/versions/1.0/" + path).then().statusCode(200);
        }

        // Withdrawn: 410 for everyone, as the files.
        for (String auth : new String[] {null, AUTH}) {
            for (String path : new String[] {"signature", "files/a.bin"}) {
                (auth == null ? given() : given().header("Authorization", auth))
                        .get("/api/v1/models/" + model + "/versions/1.0/" + path).then().statusCode(410)
                        .contentType("application/problem+json").body("code", equalTo("withdrawn"));
            }
        }
        // A draft: unknown to outsiders; its maintainer is told it is not published.
        given().get("/api/v1/models/" + model + "/versions/2.0/signature").then().statusCode(404)
                .body("code", equalTo("version_not_found"));
        given().header("Authorization", AUTH).get("/api/v1/models/" + model + "/versions/2.0/signature").then().statusCode(409)
                .body("code", equalTo("version_not_published"));
        // A restricted model: 404 to outsiders for files and signature alike, served to its readers.
        given().get("/api/v1/models/" + hidden + "/versions/1.0/files/c.bin").then().statusCode(404);
        given().get("/api/v1/models/" + hidden + "/versions/1.0/signature").then().statusCode(404)
                .body("code", equalTo(given().get("/api/v1/models/" + hidden + "/versions/1.0/files/c.bin").then()
                        .extract().<String>path("code")));
        given().header("Authorization", AUTH).get("/api/v1/models/" + hidden + "/versions/1.0/signature").then().statusCode(200);
        given().get("/api/v1/models/nobody/nothing/versions/1.0/signature").then().statusCode(404)
                .body("code", equalTo("model_not_found"));
        assertThat(ArchiveState.of(store)).isEqualTo(before);
    }

    @Test
    void aVersionPublishedUnsignedIsSignedWhenAskedFor() throws IOException {
        String model = Deposits.published("1.0", Map.of("old.bin", Bytes.random(700, 306)));
        String pid = Deposits.version(model, "1.0").extract().path("pid");
        String key = StorageLayout.versionSignature(pid);
        store.delete(key); // as a version published before archive signatures existed

        byte[] bundle = given().get("/api/v1/models/" + model + "/versions/1.0/signature").then().statusCode(200)
                .extract().asByteArray();
        assertThat(read(key)).isEqualTo(bundle);
        assertThat(JSON.readTree(bundle).path("verificationMaterial").path("publicKey").path("hint").asText())
                .isEqualTo(keys.current().id());
    }

    @Test
    void whatWasStoredBeforeSignaturesIsSignedByTheBackfill() throws IOException {
        String model = Deposits.published("1.0", Map.of("legacy.bin", Bytes.random(800, 309)));
        JsonPath version = Deposits.version(model, "1.0").extract().jsonPath();
        String record = StorageLayout.record(version.getString("pid"));
        String concept = StorageLayout.record(version.getString("conceptPid"));
        byte[] recordBefore = read(record);
        // As an archive holds them from before this change: no bundle, no signatures beside the documents.
        store.delete(StorageLayout.versionSignature(version.getString("pid")));
        store.delete(DocumentSignatures.signatureKey(record));
        store.delete(DocumentSignatures.signatureKey(concept));

        SignatureBackfill.Signed signed = backfill.run();

        assertThat(signed.versionSignatures()).isGreaterThanOrEqualTo(1);
        assertThat(signed.records()).isGreaterThanOrEqualTo(1);
        assertThat(signed.modelDocuments()).isGreaterThanOrEqualTo(1);
        assertThat(read(record)).as("rewritten from the catalog, byte for byte").isEqualTo(recordBefore);
        assertThat(documentSignatures.verify(record, read(record), read(DocumentSignatures.signatureKey(record))))
                .isEqualTo(DocumentSignatures.Verdict.VERIFIED);
        assertThat(documentSignatures.verify(concept, read(concept), read(DocumentSignatures.signatureKey(concept))))
                .isEqualTo(DocumentSignatures.Verdict.VERIFIED);
        assertThat(JSON.readTree(read(StorageLayout.versionSignature(version.getString("pid")))).path("verificationMaterial")
                .path("publicKey").path("hint").asText()).isEqualTo(keys.current().id());
        assertThat(backfill.run()).as("nothing left to sign").isEqualTo(new SignatureBackfill.Signed(0, 0, 0));
    }

    @Test
    void theEmbeddedKeyIsPrivateAndKeptAcrossStarts() throws IOException {
        Path file = config.dataDir().resolve(ArchiveKeys.KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String id = keys.current().id();

        keys.load(); // what the next start does with the same data directory

        assertThat(keys.current().id()).isEqualTo(id);
        JsonPath listed = given().get("/api/v1/signing-keys").then().statusCode(200).extract().jsonPath();
        assertThat(listed.getList("keys.findAll { it.notAfter == null }.id")).containsExactly(id);
        assertThat(listed.getString("keys[0].id")).isEqualTo(id);
        assertThat(listed.getString("keys[0].notBefore")).isNotNull();
    }

    /** Rotation as docs/operating.md says for the embedded default: move the key away and restart. */
    @Test
    void afterARotationOldSignaturesStillVerifyAndBothKeysAreListed() throws Exception {
        String before = Deposits.published("1.0", Map.of("before.bin", Bytes.random(600, 307)));
        String beforePid = Deposits.version(before, "1.0").extract().path("pid");
        String oldId = keys.current().id();
        Path file = config.dataDir().resolve(ArchiveKeys.KEY_FILE);
        Path kept = file.resolveSibling("kept-private-key.pem");
        Files.move(file, kept);
        try {
            keys.load(); // the next start: a new key is generated, the old one retired
            String newId = keys.current().id();
            assertThat(newId).isNotEqualTo(oldId);
            String after = Deposits.published("1.0", Map.of("after.bin", Bytes.random(600, 308)));

            JsonPath listed = given().get("/api/v1/signing-keys").then().statusCode(200).extract().jsonPath();
            assertThat(listed.getString("keys[0].id")).isEqualTo(newId);
            assertThat((Object) listed.get("keys[0].notAfter")).isNull();
            assertThat(listed.getString("keys.find { it.id == '" + oldId + "' }.notAfter")).isNotNull();
            assertThat(hint(before)).isEqualTo(oldId);
            assertThat(hint(after)).isEqualTo(newId);
            String record = StorageLayout.record(beforePid);
            assertThat(documentSignatures.verify(record, read(record), read(DocumentSignatures.signatureKey(record))))
                    .isEqualTo(DocumentSignatures.Verdict.VERIFIED);
        } finally {
            Files.move(kept, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            keys.load(); // the old key back in use, as the other tests expect
        }
        assertThat(keys.current().id()).isEqualTo(oldId);
    }

    private static String hint(String model) throws IOException {
        return JSON.readTree(given().get("/api/v1/models/" + model + "/versions/1.0/signature").then().statusCode(200)
                .extract().asByteArray()).path("verificationMaterial").path("publicKey").path("hint").asText();
    }

    private JsonNode currentKey() throws IOException {
        JsonNode keys = JSON.readTree(given().get("/api/v1/signing-keys").then().statusCode(200).contentType(ContentType.JSON)
                .extract().asByteArray()).path("keys");
        for (JsonNode key : keys) {
            if (key.path("notAfter").isNull()) {
                return key;
            }
        }
        throw new AssertionError("no current key in " + keys);
    }

    private byte[] read(String key) throws IOException {
        long size = store.size(key).orElseThrow(() -> new AssertionError("nothing stored at " + key));
        try (InputStream in = store.get(key, 0, size)) {
            return in.readAllBytes();
        }
    }

    private static byte[] pae(String type, byte[] payload) {
        byte[] head = ("DSSEv1 " + type.length() + " " + type + " " + payload.length + " ").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + payload.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(payload, 0, out, head.length, payload.length);
        return out;
    }

    private static String sha256Hex(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private record Result(int code, String output) {
    }

    private static boolean runs(String... command) {
        try {
            return run(command).code() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8) + new String(err, StandardCharsets.UTF_8));
    }
}
