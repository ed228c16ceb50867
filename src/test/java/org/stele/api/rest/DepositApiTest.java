package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.stele.support.Deposits.AUTH;
import static org.stele.support.Deposits.createModel;
import static org.stele.support.Deposits.createVersion;
import static org.stele.support.Deposits.publish;
import static org.stele.support.Deposits.putFile;
import static org.stele.support.Deposits.uniqueName;
import static org.stele.support.Deposits.version;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.stele.store.BlobStore;
import org.stele.support.ArchiveState;
import org.stele.support.Bytes;

/** Deposit → publish → resolve through real HTTP, on the filesystem driver (subclassed for S3). */
@QuarkusTest
class DepositApiTest {
    static final String PID = "10\\.5072/[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{2}[0-9]{2}";

    @Inject
    BlobStore store;

    @Inject
    ObjectMapper json;

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL base;

    @Test
    void depositPublishAndResolve() throws Exception {
        String name = uniqueName("llama");
        JsonPath model = createModel("lab", name).statusCode(201)
                .body("conceptPid", matchesPattern(PID))
                .body("authors[0].orcid", equalTo("https://orcid.org/0000-0002-1825-0097"))
                .body("license", equalTo("Apache-2.0"))
                .extract().jsonPath();
        String m = "lab/" + name;
        String conceptPid = model.getString("conceptPid");
        String pid = createVersion(m, "1.0.0").statusCode(201)
                .header("Location", "/api/v1/models/" + m + "/versions/1.0.0")
                .body("state", equalTo("draft")).body("pid", matchesPattern(PID)).body("conceptPid", equalTo(conceptPid))
                .extract().path("pid");
        resolve(pid).statusCode(404).body("code", equalTo("not_yet_published"));
        resolve(conceptPid).statusCode(404).body("code", equalTo("not_yet_published"));

        byte[] config = "{\"hidden_size\": 64}".getBytes(StandardCharsets.UTF_8);
        byte[] weights = Bytes.random(300_000, 31);
        byte[] card = "# Model card\n".getBytes(StandardCharsets.UTF_8);
        putFile(m, "1.0.0", "config.json", config).statusCode(201).body("kind", equalTo("config"))
                .body("mediaType", equalTo("application/json"));
        putFile(m, "1.0.0", "model-00001-of-00001.safetensors", weights).statusCode(201).body("kind", equalTo("weights"))
                .body("digest", equalTo(Bytes.sha256(weights))).body("size", equalTo(300_000));
        putFile(m, "1.0.0", "README.md", card).statusCode(201).body("kind", equalTo("model-card"));
        given().header("Authorization", AUTH).body(new byte[] {1}).put("/api/v1/models/" + m + "/versions/1.0.0/files/notes/x.bin?kind=other")
                .then().statusCode(201).body("kind", equalTo("other"));
        putFile(m, "1.0.0", "notes/x.bin", new byte[] {2}).statusCode(200); // the same path again replaces it

        JsonPath published = publish(m, "1.0.0").statusCode(200)
                .body("state", equalTo("published")).body("files", hasSize(4))
                .body("manifestDigest", matchesPattern("sha256:[0-9a-f]{64}"))
                .extract().jsonPath();

        // Anyone can recompute the manifest digest from the file list (README: "Verifying a version").
        assertThat(published.getString("manifestDigest")).isEqualTo(recomputeManifest(published.getList("files")));

        String record = resolve(pid).statusCode(200).contentType(ContentType.JSON)
                .body("kind", equalTo("version")).body("pid", equalTo(pid)).body("conceptPid", equalTo(conceptPid))
                .body("namespace", equalTo("lab")).body("name", equalTo(name)).body("version", equalTo("1.0.0"))
                .body("state", equalTo("published")).body("title", equalTo("A model called " + name))
                .body("files.path", equalTo(List.of("README.md", "config.json", "model-00001-of-00001.safetensors", "notes/x.bin")))
                .body("previous", nullValue())
                .body("huggingFace.repoId", equalTo("lab/" + name))
                .body("huggingFace.revision", equalTo(published.getString("manifestDigest").substring(7, 47)))
                .extract().asString();
        resolve(conceptPid).statusCode(200).body("kind", equalTo("concept")).body("latest.pid", equalTo(pid))
                .body("versions", hasSize(1)).body("versions[0].version", equalTo("1.0.0"));

        // The record in storage is the resolver's record: the catalog can be rebuilt from the bucket.
        String suffix = pid.substring(pid.indexOf('/') + 1);
        try (InputStream stored = store.get("records/10.5072/" + suffix + ".json", 0, -1)) {
            assertThat(json.readTree(stored)).isEqualTo(json.readTree(record));
        }

        version(m, "latest").statusCode(200).body("pid", equalTo(pid));
        assertThat(given().get("/api/v1/models/" + m + "/versions/1.0.0/files/model-00001-of-00001.safetensors")
                .then().statusCode(200).header("ETag", "\"" + Bytes.sha256(weights) + "\"")
                .extract().asByteArray()).isEqualTo(weights);
        given().header("Range", "bytes=0-1").get("/api/v1/models/" + m + "/versions/latest/files/config.json")
                .then().statusCode(206).header("Content-Range", "bytes 0-1/" + config.length);
    }

    @Test
    void identifiersResolveCaseInsensitivelyAndForgiveLookAlikes() {
        String m = org.stele.support.Deposits.published("1", Map.of("w.bin", Bytes.random(10, 32)));
        String pid = version(m, "1").extract().path("pid");
        String suffix = pid.substring(pid.indexOf('/') + 1);
        for (String variant : List.of(suffix.toUpperCase(), suffix.replace("-", ""),
                suffix.replace('1', 'l').replace('0', 'O'), suffix.replace('1', 'I'))) {
            resolve("10.5072/" + variant).statusCode(200).body("pid", equalTo(pid));
        }
        char last = suffix.charAt(suffix.length() - 1);
        String mistyped = suffix.substring(0, suffix.length() - 1) + (last == '9' ? '0' : (char) (last + 1));
        resolve("10.5072/" + mistyped).statusCode(404).body("code", equalTo("invalid_identifier"));
        resolve("10.5072/zzzz").statusCode(404).body("code", equalTo("invalid_identifier"));
    }

    @Test
    void theSameBytesInTwoVersionsAreStoredOnce() throws IOException {
        byte[] weights = Bytes.random(200_000, 33);
        String m = org.stele.support.Deposits.published("1", Map.of("model.safetensors", weights));
        createVersion(m, "2").statusCode(201);
        ArchiveState before = ArchiveState.of(store);
        putFile(m, "2", "model.safetensors", weights).statusCode(201);
        ArchiveState after = ArchiveState.of(store);
        assertThat(after.blobs()).isEqualTo(before.blobs());
        assertThat(after.objects()).isEqualTo(before.objects());
    }

    @Test
    void storedContentIsAttachedByDigestWithoutSendingBytes() throws IOException {
        byte[] bytes = Bytes.random(5000, 34);
        String digest = BlobApiTest.upload(bytes).then().statusCode(201).extract().path("digest");
        String m = "lab/" + uniqueName("attach");
        createModel("lab", m.substring(4)).statusCode(201);
        createVersion(m, "1").statusCode(201);
        given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body(Map.of("path", "model.safetensors", "digest", digest))
                .post("/api/v1/models/" + m + "/versions/1/files").then().statusCode(201)
                .body("size", equalTo(5000)).body("kind", equalTo("weights"));
        ArchiveState before = ArchiveState.of(store);
        String recordBefore = version(m, "1").extract().asString();
        given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body(Map.of("path", "other.bin", "digest", "sha256:" + "e".repeat(64)))
                .post("/api/v1/models/" + m + "/versions/1/files").then().statusCode(404).body("code", equalTo("blob_not_found"));
        assertThat(ArchiveState.of(store)).isEqualTo(before);
        assertThat(version(m, "1").extract().asString()).isEqualTo(recordBefore);
    }

    @Test
    void refusalsChangeNothing() throws IOException {
        String m = org.stele.support.Deposits.published("1.0.0", Map.of("w.bin", Bytes.random(100, 35)));
        createVersion(m, "empty").statusCode(201);
        createVersion(m, "gone").statusCode(201);
        given().header("Authorization", AUTH).delete("/api/v1/models/" + m + "/versions/gone").then().statusCode(204);
        ArchiveState before = ArchiveState.of(store);
        String published = version(m, "1.0.0").extract().asString();
        String modelBefore = given().get("/api/v1/models/" + m).then().statusCode(200).extract().asString();

        createVersion(m, "1.0.0").statusCode(409).body("code", equalTo("version_exists"));
        createVersion(m, "gone").statusCode(409).body("code", equalTo("version_exists"));
        publish(m, "empty").statusCode(409).body("code", equalTo("empty_version"));
        publish(m, "1.0.0").statusCode(409).body("code", equalTo("already_published"));
        putFile(m, "1.0.0", "w.bin", new byte[] {9}).statusCode(409).body("code", equalTo("version_immutable"));
        putFile(m, "1.0.0", "new.bin", new byte[] {9}).statusCode(409).body("code", equalTo("version_immutable"));
        given().header("Authorization", AUTH).delete("/api/v1/models/" + m + "/versions/1.0.0/files/w.bin")
                .then().statusCode(409).body("code", equalTo("version_immutable"));
        given().header("Authorization", AUTH).delete("/api/v1/models/" + m + "/versions/1.0.0")
                .then().statusCode(409).body("code", equalTo("version_immutable"));
        putFile(m, "gone", "x.bin", new byte[] {9}).statusCode(404).body("code", equalTo("version_not_found"));
        putFile("lab/no-such-model", "1", "x.bin", new byte[] {9}).statusCode(404).body("code", equalTo("model_not_found"));
        createVersion(m, "bad label!").statusCode(400).body("code", equalTo("invalid_version"));
        createVersion(m, "latest").statusCode(400).body("code", equalTo("invalid_version"));
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body("{\"version\": ")
                .post("/api/v1/models/" + m + "/versions").then().statusCode(400).body("code", equalTo("invalid_json"));
        given().contentType(ContentType.JSON).body(Map.of("version", "anon"))
                .post("/api/v1/models/" + m + "/versions").then().statusCode(401);

        assertThat(ArchiveState.of(store)).isEqualTo(before);
        assertThat(version(m, "1.0.0").extract().asString()).isEqualTo(published);
        assertThat(given().get("/api/v1/models/" + m).then().extract().asString()).isEqualTo(modelBefore);
    }

    @Test
    void hostilePathsAreRefusedAndChangeNothing() throws Exception {
        String m = "lab/" + uniqueName("paths");
        createModel("lab", m.substring(4)).statusCode(201);
        createVersion(m, "1").statusCode(201);
        ArchiveState before = ArchiveState.of(store);
        // Sent verbatim (java.net.http keeps the raw path), as a hostile client would.
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (String raw : List.of("%2e%2e/x", "../x", "a/../../b", "a/%2E%2E/b", "a/%2e/b", "./a", "a%5Cb", "a%00b", "a%01b",
                "a//b", "a/", "%2Fabs", "%C3%28", "x".repeat(1025))) {
            var answer = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(base.toString().replaceAll("/$", "") + "/api/v1/models/" + m + "/versions/1/files/" + raw))
                            .header("Authorization", AUTH).PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[] {1})).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(raw).isEqualTo(400);
            assertThat(answer.body()).as(raw).contains("\"code\":\"invalid_path\"");
        }
        assertThat(ArchiveState.of(store)).isEqualTo(before);
        assertThat(version(m, "1").extract().jsonPath().getList("files")).isEmpty();

        // NFC: a decomposed é is stored composed; a Cyrillic look-alike is a different, case-sensitive path.
        putFile(m, "1", "caf%C3%A9.txt".replace("%C3%A9", "e\u0301"), new byte[] {1}).statusCode(201).body("path", equalTo("caf\u00e9.txt"));
        putFile(m, "1", "model.bin", new byte[] {2}).statusCode(201);
        putFile(m, "1", "m\u043edel.bin", new byte[] {3}).statusCode(201).body("path", equalTo("m\u043edel.bin"));
        putFile(m, "1", "Model.bin", new byte[] {4}).statusCode(201);
        assertThat(version(m, "1").extract().jsonPath().getList("files.path"))
                .containsExactly("Model.bin", "caf\u00e9.txt", "model.bin", "m\u043edel.bin");
    }

    @Test
    void withdrawnVersionsKeepTheirIdentifierAsATombstone() throws IOException {
        String m = org.stele.support.Deposits.published("1", Map.of("w.bin", Bytes.random(100, 36)));
        createVersion(m, "2").statusCode(201);
        putFile(m, "2", "w.bin", Bytes.random(100, 37)).statusCode(201);
        publish(m, "2").statusCode(200).body("previous.version", equalTo("1"));
        version(m, "1").statusCode(200).body("next.version", equalTo("2"));
        String pid2 = version(m, "2").extract().path("pid");
        String manifest2 = version(m, "2").extract().path("manifestDigest");
        version(m, "latest").body("version", equalTo("2"));

        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("reason", ""))
                .post("/api/v1/models/" + m + "/versions/2/withdraw").then().statusCode(400).body("code", equalTo("invalid_reason"));
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("reason", "Training data licence revoked"))
                .post("/api/v1/models/" + m + "/versions/2/withdraw").then().statusCode(200).body("state", equalTo("withdrawn"));

        given().get("/api/v1/models/" + m + "/versions/2/files/w.bin").then().statusCode(410)
                .contentType("application/problem+json").body("code", equalTo("withdrawn"))
                .body("detail", org.hamcrest.Matchers.containsString("Training data licence revoked"));
        resolve(pid2).statusCode(410).contentType(ContentType.JSON)
                .body("pid", equalTo(pid2)).body("reason", equalTo("Training data licence revoked"))
                .body("manifestDigest", equalTo(manifest2)).body("withdrawnAt", org.hamcrest.Matchers.notNullValue());
        version(m, "2").statusCode(200).body("state", equalTo("withdrawn")).body("files", hasSize(1));
        version(m, "latest").body("version", equalTo("1"));
        String suffix = pid2.substring(pid2.indexOf('/') + 1);
        try (InputStream stored = store.get("records/10.5072/" + suffix + ".json", 0, -1)) {
            assertThat(json.readTree(stored).get("state").asText()).isEqualTo("withdrawn");
        }
        ArchiveState before = ArchiveState.of(store);
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("reason", "again"))
                .post("/api/v1/models/" + m + "/versions/2/withdraw").then().statusCode(409).body("code", equalTo("already_withdrawn"));
        assertThat(ArchiveState.of(store)).isEqualTo(before);
    }

    @Test
    void aliasesPointAtPublishedVersions() {
        String m = org.stele.support.Deposits.published("1.0.0", Map.of("w.bin", Bytes.random(100, 38)));
        createVersion(m, "2.0.0-rc1").statusCode(201);
        putFile(m, "2.0.0-rc1", "w.bin", Bytes.random(100, 39)).statusCode(201);
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("version", "1.0.0"))
                .put("/api/v1/models/" + m + "/aliases/stable").then().statusCode(200).body("version", equalTo("1.0.0"));
        version(m, "stable").statusCode(200).body("version", equalTo("1.0.0"));
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("version", "2.0.0-rc1"))
                .put("/api/v1/models/" + m + "/aliases/stable").then().statusCode(409).body("code", equalTo("version_not_published"));
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("version", "1.0.0"))
                .put("/api/v1/models/" + m + "/aliases/latest").then().statusCode(400).body("code", equalTo("reserved_alias"));
        version(m, "stable").body("version", equalTo("1.0.0"));
        given().get("/api/v1/models/" + m).then().statusCode(200)
                .body("aliases.stable", equalTo("1.0.0")).body("aliases.latest", equalTo("1.0.0"));
        // Drafts are for those who may see them.
        given().get("/api/v1/models/" + m + "/versions/2.0.0-rc1").then().statusCode(404).body("code", equalTo("version_not_found"));
        given().get("/api/v1/models/" + m).then().body("versions.version", equalTo(List.of("1.0.0")));
    }

    @Test
    void modelsAreValidatedAndListedByKeyset() throws IOException {
        ArchiveState before = ArchiveState.of(store);
        long models = given().get("/api/v1/models?limit=200").then().extract().jsonPath().getList("items").size();
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("namespace", "-lab", "name", "x", "title", "t", "license", "MIT"),
                Map.of("namespace", "lab", "name", "a--b", "title", "t", "license", "MIT"),
                Map.of("namespace", "lab", "name", "ok", "title", "t", "license", "llama-ish"),
                Map.of("namespace", "lab", "name", "ok", "license", "MIT"),
                Map.of("namespace", "lab", "name", "ok", "title", "t", "license", "MIT",
                        "authors", List.of(Map.of("name", "A", "orcid", "0000-0002-1825-0098"))))) {
            given().header("Authorization", AUTH).contentType(ContentType.JSON).body(bad).post("/api/v1/models")
                    .then().statusCode(400).contentType("application/problem+json");
        }
        assertThat(ArchiveState.of(store)).isEqualTo(before);
        assertThat(given().get("/api/v1/models?limit=200").then().extract().jsonPath().getList("items")).hasSize((int) models);

        String ns = uniqueName("ns");
        for (int i = 0; i < 5; i++) {
            createModel(ns, "model-" + i).statusCode(201);
        }
        createModel(ns, "MODEL-0").statusCode(409).body("code", equalTo("model_exists"));
        List<String> seen = new java.util.ArrayList<>();
        String cursor = null;
        do {
            var request = given().queryParam("namespace", ns).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/v1/models").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.name"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(seen).containsExactly("model-0", "model-1", "model-2", "model-3", "model-4");
        given().queryParam("cursor", "garbage!").get("/api/v1/models").then().statusCode(400).body("code", equalTo("invalid_cursor"));

        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("title", "Renamed"))
                .patch("/api/v1/models/" + ns + "/model-1").then().statusCode(200)
                .body("title", equalTo("Renamed")).body("license", equalTo("Apache-2.0"));
    }

    /** The README's recipe: files sorted by path, keys sorted, no whitespace, UTF-8, then SHA-256. */
    static String recomputeManifest(List<Map<String, Object>> files) throws Exception {
        List<Map<String, Object>> entries = files.stream().map(f -> {
            Map<String, Object> e = new TreeMap<>();
            e.put("digest", f.get("digest"));
            e.put("mediaType", f.get("mediaType"));
            e.put("path", f.get("path"));
            e.put("size", f.get("size"));
            return e;
        }).sorted(java.util.Comparator.comparing(e -> (String) e.get("path"))).toList();
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("files", entries);
        byte[] canonical = new ObjectMapper().writeValueAsBytes(manifest);
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
    }

    static io.restassured.response.ValidatableResponse resolve(String pid) {
        return given().accept(ContentType.JSON).get("/pid/" + pid).then();
    }
}
