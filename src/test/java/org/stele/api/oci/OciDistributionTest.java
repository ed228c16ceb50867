package org.stele.api.oci;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import land.oras.ContainerRef;
import land.oras.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stele.archive.distribution.ModelPackManifest;
import org.stele.domain.Author;
import org.stele.domain.Description;
import org.stele.domain.Digest;
import org.stele.domain.files.FileFacts;
import org.stele.support.Bytes;
import org.stele.support.Clients;
import org.stele.support.Deposits;
import org.stele.support.Lab;
import org.stele.support.RawHttp;

/**
 * The read-only OCI Distribution surface, checked three ways: a JUnit mirror of the OCI conformance suite's pull and
 * content-discovery checks (the suite needs a newer Go than Debian's), bad input, and real clients (Debian's skopeo
 * and the ORAS Java SDK) pulling ModelPack artifacts whose every file is byte-equal to the deposited one.
 */
@QuarkusTest
class OciDistributionTest {
    static final byte[] WEIGHTS = Bytes.random(4096, 2001);
    static final byte[] CONFIG = "{\"model_type\": \"bert\"}\n".getBytes(StandardCharsets.UTF_8);
    static final byte[] CARD = "# Tiny\n\nA model for tests.\n".getBytes(StandardCharsets.UTF_8);
    static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @Inject
    EntityManager entityManager;

    private static String model; // lab/<name>: 1.0.0, then 2.0+b1 (a label that is no tag); deposited once
    private RawHttp http;

    @BeforeEach
    void deposit() {
        http = new RawHttp(base);
        if (model == null) {
            model = Deposits.published("1.0.0", Map.of("model.safetensors", WEIGHTS, "config.json", CONFIG, "README.md", CARD));
            Deposits.createVersion(model, "2.0+b1").statusCode(201);
            Deposits.putFile(model, "2.0+b1", "model.safetensors", WEIGHTS).statusCode(201);
            Deposits.putFile(model, "2.0+b1", "config.json", "{\"model_type\": \"bert\", \"n\": 2}\n".getBytes(StandardCharsets.UTF_8))
                    .statusCode(201);
            Deposits.publish(model, "2.0+b1").statusCode(200);
        }
    }

    // --- conformance mirror: pull

    @Test
    void baseAnswersAChallengeWithoutAuthorizationAndOkWithAnonymousBasic() {
        given().get("/v2/").then().statusCode(401)
                .header("WWW-Authenticate", "Basic realm=\"stele\"")
                .header("Docker-Distribution-API-Version", "registry/2.0")
                .body("errors[0].code", equalTo("UNAUTHORIZED"));
        given().header("Authorization", basic("", "")).get("/v2/").then().statusCode(200)
                .header("Docker-Distribution-API-Version", "registry/2.0").body(equalTo("{}"));
        given().header("Authorization", Deposits.AUTH).get("/v2/").then().statusCode(200);
    }

    @Test
    void manifestByTagAndByDigestIsTheSameExactBytesWithItsDigest() {
        Response byTag = given().get(manifests("1.0.0"));
        byTag.then().statusCode(200).contentType(MANIFEST_TYPE).header("Docker-Distribution-API-Version", "registry/2.0");
        byte[] bytes = byTag.asByteArray();
        String digest = Digest.ofContent(bytes).toString();
        assertThat(byTag.header("Docker-Content-Digest")).isEqualTo(digest);
        assertThat(byTag.header("Content-Length")).isEqualTo(String.valueOf(bytes.length));
        assertThat(given().get(manifests(digest)).asByteArray()).isEqualTo(bytes);
        given().get(manifests(digest)).then().header("Cache-Control", org.hamcrest.Matchers.containsString("immutable"));
        // HEAD: the same headers, no body (oras-go refuses a manifest HEAD without Content-Length).
        HttpResponse<byte[]> head = http.send("HEAD", manifests("1.0.0"));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
        assertThat(head.headers().firstValue("Content-Length")).hasValue(String.valueOf(bytes.length));
        assertThat(head.headers().firstValue("Content-Type")).hasValue(MANIFEST_TYPE);
        assertThat(head.body()).isEmpty();
        // latest is the newest published version, whose label (2.0+b1) is no tag: only its digest and latest name it.
        String latest = given().get(manifests("latest")).then().statusCode(200).extract().header("Docker-Content-Digest");
        assertThat(latest).isNotEqualTo(digest);
        given().get(manifests(latest)).then().statusCode(200).header("Docker-Content-Digest", latest);
    }

    /**
     * The manifest is derived again from the version's stored record (what a catalog rebuild restores the catalog from),
     * outside the server, and the bytes are the ones served: the digest survives a restart, a rebuild and an upgrade
     * (ModelPackManifestTest pins the derivation itself).
     */
    @Test
    void manifestDerivedFromTheStoredRecordIsByteEqualToTheServedOne() throws IOException {
        String pid = Deposits.version(model, "1.0.0").statusCode(200).extract().path("pid");
        JsonNode record = JSON.readTree(given().accept(ContentType.JSON).get("/pid/" + pid).then().statusCode(200).extract().asByteArray());
        List<ModelPackManifest.File> files = new ArrayList<>();
        for (JsonNode f : record.path("files")) {
            files.add(new ModelPackManifest.File(f.path("path").asText(), f.path("size").asLong(), Digest.parse(f.path("digest").asText()),
                    f.path("kind").asText(), f.hasNonNull("facts") ? JSON.treeToValue(f.get("facts"), FileFacts.class) : null));
        }
        List<Author> authors = new ArrayList<>();
        record.path("authors").forEach(a -> authors.add(new Author(a.path("name").asText(), a.path("orcid").asText(null),
                a.path("affiliation").asText(null))));
        List<String> keywords = new ArrayList<>();
        record.path("keywords").forEach(k -> keywords.add(k.asText()));
        ModelPackManifest.Frozen frozen = new ModelPackManifest.Frozen(record.path("namespace").asText(), record.path("name").asText(),
                record.path("version").asText(), record.path("pid").asText(), record.path("manifestDigest").asText(),
                Instant.parse(record.path("publishedAt").asText()), new Description(record.path("title").asText(null),
                        record.path("description").asText(null), authors, record.path("license").asText(null), keywords), files);
        ModelPackManifest.Artifact derived = ModelPackManifest.of(frozen);
        assertThat(given().get(manifests("1.0.0")).asByteArray()).isEqualTo(derived.manifest().bytes());
        assertThat(given().get(blobs(derived.config().digest().toString())).asByteArray()).isEqualTo(derived.config().bytes());
    }

    @Test
    void layersAreTheStoredFilesAndTheConfigIsServedToo() throws IOException {
        JsonNode manifest = JSON.readTree(given().get(manifests("1.0.0")).asByteArray());
        Map<String, byte[]> deposited = Map.of("model.safetensors", WEIGHTS, "config.json", CONFIG, "README.md", CARD);
        for (JsonNode layer : manifest.path("layers")) {
            String path = layer.path("annotations").path("org.opencontainers.image.title").asText();
            String digest = layer.path("digest").asText();
            assertThat(digest).isEqualTo(Digest.ofContent(deposited.get(path)).toString());
            assertThat(layer.path("mediaType").asText()).endsWith(".v1.raw");
            Response blob = given().get(blobs(digest));
            blob.then().statusCode(200).header("Docker-Content-Digest", digest);
            assertThat(blob.asByteArray()).isEqualTo(deposited.get(path));
            HttpResponse<byte[]> head = http.send("HEAD", blobs(digest));
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("Content-Length")).hasValue(String.valueOf(deposited.get(path).length));
            assertThat(head.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
            assertThat(head.body()).isEmpty();
        }
        String config = manifest.path("config").path("digest").asText();
        byte[] configBytes = given().get(blobs(config)).then().statusCode(200).extract().asByteArray();
        assertThat(Digest.ofContent(configBytes).toString()).isEqualTo(config);
        assertThat(JSON.readTree(configBytes).path("descriptor").path("version").asText()).isEqualTo("1.0.0");
    }

    @Test
    void rangesAnswerAsTheConformanceSuiteExpects() {
        String digest = Digest.ofContent(WEIGHTS).toString();
        ranged(digest, "bytes=500-1499", 206, "bytes 500-1499/4096", 500, 1000);
        ranged(digest, "bytes=500-", 206, "bytes 500-4095/4096", 500, 3596);
        ranged(digest, "bytes=-500", 206, "bytes 3596-4095/4096", 3596, 500);
        ranged(digest, "bytes=4000-9000", 206, "bytes 4000-4095/4096", 4000, 96);
        given().header("Range", "bytes=500-0").get(blobs(digest)).then().statusCode(416)
                .header("Content-Range", "bytes */4096").body("errors[0].code", equalTo("RANGE_INVALID"));
        given().header("Range", "bytes=5000-10000").get(blobs(digest)).then().statusCode(416)
                .header("Content-Range", "bytes */4096").body("errors[0].code", equalTo("RANGE_INVALID"));
    }

    private void ranged(String digest, String range, int status, String contentRange, int from, int length) {
        Response answer = given().header("Range", range).get(blobs(digest));
        answer.then().statusCode(status).header("Content-Range", contentRange).header("Content-Length", String.valueOf(length));
        assertThat(answer.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(WEIGHTS, from, from + length));
    }

    // --- conformance mirror: content discovery

    @Test
    void tagsAreLabelsThatAreTagsAndLatestPagedWithLink() {
        given().get(tags("")).then().statusCode(200).body("name", equalTo(model)).body("tags", equalTo(List.of("1.0.0", "latest")));
        given().get(tags("?n=1")).then().statusCode(200).body("tags", equalTo(List.of("1.0.0")))
                .header("Link", "</v2/" + model + "/tags/list?n=1&last=1.0.0>; rel=\"next\"");
        Response last = given().get(tags("?n=1&last=1.0.0"));
        last.then().statusCode(200).body("tags", equalTo(List.of("latest")));
        assertThat(last.header("Link")).isNull();
        Response none = given().get(tags("?n=0"));
        none.then().statusCode(200).body("tags", equalTo(List.of()));
        assertThat(none.header("Link")).isNull();
        given().get(tags("?n=99999999999999999999")).then().statusCode(400).body("errors[0].code", equalTo("PAGINATION_NUMBER_INVALID"));
        given().get(tags("?n=100000000")).then().statusCode(200).body("tags", equalTo(List.of("1.0.0", "latest")));
        given().get(tags("?n=-1")).then().statusCode(400).body("errors[0].code", equalTo("PAGINATION_NUMBER_INVALID"));
        given().get(tags("?last=a/b")).then().statusCode(400).body("errors[0].code", equalTo("TAG_INVALID"));
    }

    @Test
    void referrersAreAlwaysAnIndexFilteredByArtifactType() {
        String digest = given().get(manifests("1.0.0")).header("Docker-Content-Digest");
        given().get("/v2/" + model + "/referrers/" + digest).then().statusCode(200)
                .contentType("application/vnd.oci.image.index.v1+json")
                .body("schemaVersion", equalTo(2)).body("mediaType", equalTo("application/vnd.oci.image.index.v1+json"))
                .body("manifests", equalTo(List.of()));
        Response filtered = given().get("/v2/" + model + "/referrers/" + digest + "?artifactType=application/vnd.example+json");
        filtered.then().statusCode(200).header("OCI-Filters-Applied", "artifactType").body("manifests", equalTo(List.of()));
        given().get("/v2/" + model + "/referrers/sha256:" + "0".repeat(64)).then().statusCode(200).body("manifests", equalTo(List.of()));
        given().get("/v2/" + model + "/referrers/sha256:totallywrong").then().statusCode(400)
                .body("errors[0].code", equalTo("DIGEST_INVALID"));
    }

    @Test
    void aModelWithCapitalsIsPulledByItsLowerCaseName() {
        String name = Deposits.uniqueName("Caps");
        Deposits.createModel("lab", name).statusCode(201);
        Deposits.createVersion("lab/" + name, "1.0.0").statusCode(201);
        Deposits.putFile("lab/" + name, "1.0.0", "w.bin", CARD).statusCode(201);
        Deposits.publish("lab/" + name, "1.0.0").statusCode(200);
        String manifest = "/v2/lab/" + name.toLowerCase(java.util.Locale.ROOT) + "/manifests/1.0.0";
        given().get(manifest).then().statusCode(200).contentType(MANIFEST_TYPE);
        given().get("/v2/lab/" + name + "/manifests/1.0.0").then().statusCode(400).body("errors[0].code", equalTo("NAME_INVALID"));
        given().get("/v2/lab/" + name.toLowerCase(java.util.Locale.ROOT) + "/tags/list").then().statusCode(200)
                .body("name", equalTo("lab/" + name.toLowerCase(java.util.Locale.ROOT)));
    }

    // --- bad input: clear OCI errors, never 5xx, nothing changed

    @Test
    void unknownThingsAnswerTheirOciCodes() {
        given().get(manifests("9.9.9")).then().statusCode(404).contentType(ContentType.JSON)
                .body("errors[0].code", equalTo("MANIFEST_UNKNOWN")).body("errors[0].detail.code", equalTo("version_not_found"));
        given().get(manifests("sha256:" + "0".repeat(64))).then().statusCode(404).body("errors[0].code", equalTo("MANIFEST_UNKNOWN"));
        given().get(blobs("sha256:" + "0".repeat(64))).then().statusCode(404).body("errors[0].code", equalTo("BLOB_UNKNOWN"));
        // A blob of another repository is not in this one.
        String other = Deposits.published("1", Map.of("w.bin", Bytes.random(100, 2002)));
        String otherDigest = Digest.ofContent(Bytes.random(100, 2002)).toString();
        given().get("/v2/" + other + "/blobs/" + otherDigest).then().statusCode(200);
        given().get(blobs(otherDigest)).then().statusCode(404).body("errors[0].code", equalTo("BLOB_UNKNOWN"));
        // Unknown repositories: anonymous callers are challenged (a restricted model looks the same), members told.
        given().get("/v2/lab/no-such-model/manifests/1.0.0").then().statusCode(401)
                .header("WWW-Authenticate", "Basic realm=\"stele\"").body("errors[0].code", equalTo("UNAUTHORIZED"));
        given().header("Authorization", Deposits.AUTH).get("/v2/lab/no-such-model/tags/list").then().statusCode(404)
                .body("errors[0].code", equalTo("NAME_UNKNOWN"));
        given().get("/v2/a/b/c/manifests/1.0.0").then().statusCode(404).body("errors[0].code", equalTo("NAME_UNKNOWN"));
    }

    @Test
    void malformedDigestsNamesAndReferencesAreClearErrors() {
        Map<String, String> codeByPath = new LinkedHashMap<>();
        codeByPath.put(manifests("sha256:totallywrong"), "DIGEST_INVALID");
        codeByPath.put(manifests("sha512:" + "a".repeat(128)), "DIGEST_INVALID");
        codeByPath.put(blobs("sha512:" + "a".repeat(128)), "DIGEST_INVALID");
        codeByPath.put(blobs("md5:d41d8cd98f00b204e9800998ecf8427e"), "DIGEST_INVALID");
        codeByPath.put(blobs("sha256:" + "A".repeat(64)), "DIGEST_INVALID");
        codeByPath.put(blobs("nonsense"), "DIGEST_INVALID");
        codeByPath.put(manifests(".hidden"), "TAG_INVALID");
        codeByPath.put(manifests("x".repeat(129)), "TAG_INVALID");
        codeByPath.put("/v2/" + model.replace("lab/", "LAB/") + "/manifests/1.0.0", "NAME_INVALID");
        codeByPath.put("/v2/lab/Upper/tags/list", "NAME_INVALID");
        codeByPath.put("/v2/lab/../" + model + "/manifests/1.0.0", "NAME_INVALID");
        codeByPath.put("/v2/lab/%2e%2e/manifests/1.0.0", "NAME_INVALID");
        codeByPath.put("/v2/lab%2F" + model.substring(4) + "/manifests/1.0.0", null);
        codeByPath.forEach((path, code) -> {
            HttpResponse<byte[]> answer = http.send("GET", path);
            String body = new String(answer.body(), StandardCharsets.UTF_8);
            assertThat(answer.statusCode()).as(path + " " + body).isBetween(400, 499);
            if (code != null) {
                assertThat(body).as(path).contains("\"code\":\"" + code + "\"");
            }
            assertThat(body).as(path).startsWith("{\"errors\":[");
        });
    }

    @Test
    void anAcceptThatNamesNothingServedIsRefusedAndSkopeosSixLinesAreMerged() {
        given().header("Accept", "application/vnd.docker.distribution.manifest.v2+json").get(manifests("1.0.0")).then()
                .statusCode(406).body("errors[0].code", equalTo("UNSUPPORTED"))
                .body("errors[0].message", startsWith("manifests here are application/vnd.oci.image.manifest.v1+json"));
        HttpResponse<byte[]> merged = http.send("GET", manifests("1.0.0"),
                "Accept", "application/vnd.docker.distribution.manifest.v2+json",
                "Accept", "application/vnd.docker.distribution.manifest.list.v2+json",
                "Accept", MANIFEST_TYPE);
        assertThat(merged.statusCode()).isEqualTo(200);
    }

    @Test
    void pushesAreRefusedAndChangeNothing() {
        String before = given().get(manifests("1.0.0")).header("Docker-Content-Digest");
        given().post("/v2/" + model + "/blobs/uploads/").then().statusCode(405).body("errors[0].code", equalTo("UNSUPPORTED"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("/api/v1"));
        given().header("Authorization", Deposits.AUTH).contentType(MANIFEST_TYPE).body("{\"schemaVersion\":2}")
                .put(manifests("1.0.0")).then().statusCode(405).body("errors[0].code", equalTo("UNSUPPORTED"));
        given().header("Authorization", Deposits.AUTH).contentType(MANIFEST_TYPE).body("{\"schemaVersion\":2}")
                .put(manifests("9.0.0")).then().statusCode(405);
        given().header("Authorization", Deposits.AUTH).delete(manifests(before)).then().statusCode(405);
        given().header("Authorization", Deposits.AUTH).delete(blobs(Digest.ofContent(WEIGHTS).toString())).then().statusCode(405);
        given().header("Authorization", Deposits.AUTH).patch("/v2/" + model + "/blobs/uploads/x").then().statusCode(405);
        assertThat(given().get(manifests("1.0.0")).header("Docker-Content-Digest")).isEqualTo(before);
        given().get(tags("")).then().body("tags", equalTo(List.of("1.0.0", "latest")));
        given().header("Authorization", Deposits.AUTH).get("/api/v1/models/" + model + "/versions/9.0.0").then().statusCode(404);
        given().get(blobs(Digest.ofContent(WEIGHTS).toString())).then().statusCode(200);
    }

    // --- one servability rule

    @Test
    void restrictedModelsChallengeAnonymousCallersAndServeMembersWithBasicTokens() throws IOException {
        Lab lab = Lab.create("oci");
        String restricted = Deposits.model(lab.namespace, "r", true);
        Deposits.createVersion(restricted, "1.0.0").statusCode(201);
        Deposits.putFile(restricted, "1.0.0", "w.bin", WEIGHTS).statusCode(201);
        Deposits.publish(restricted, "1.0.0").statusCode(200);
        String path = "/v2/" + restricted + "/manifests/1.0.0";
        given().get(path).then().statusCode(401).header("WWW-Authenticate", "Basic realm=\"stele\"")
                .body("errors[0].code", equalTo("UNAUTHORIZED"));
        given().header("Authorization", basic("", "")).get(path).then().statusCode(401);
        String reader = Lab.token(lab.reader, List.of("read")).substring("Bearer ".length());
        given().header("Authorization", basic(lab.reader, reader)).get(path).then().statusCode(200).contentType(MANIFEST_TYPE);
        given().header("Authorization", "Bearer " + reader).get(path).then().statusCode(200);
        // Basic is the registry's alone: the native API refuses it, so a browser's cached password never reaches a write.
        given().header("Authorization", basic(lab.reader, reader)).get("/api/v1/tokens").then().statusCode(401);
        given().header("Authorization", basic(lab.reader, reader)).get("/v2/" + restricted + "/blobs/" + Digest.ofContent(WEIGHTS))
                .then().statusCode(200);
        given().header("Authorization", basic(lab.reader, "stele_wrong")).get(path).then().statusCode(401)
                .body("errors[0].code", equalTo("UNAUTHORIZED"));
        given().header("Authorization", basic(lab.reader, "stele_wrong")).get("/v2/").then().statusCode(401);
        String outsider = Lab.token(lab.outsider, List.of("read")).substring("Bearer ".length());
        given().header("Authorization", basic(lab.outsider, outsider)).get(path).then().statusCode(404)
                .body("errors[0].code", equalTo("NAME_UNKNOWN"));
        if (skopeo()) {
            Path out = tempDir();
            run("skopeo", "copy", "--insecure-policy", "--src-tls-verify=false", "--src-creds", lab.reader + ":" + reader,
                    "docker://" + registry() + "/" + restricted + ":1.0.0", "dir:" + out);
            assertThat(readHex(out, Digest.ofContent(WEIGHTS))).isEqualTo(WEIGHTS);
            assertThat(run("skopeo", "inspect", "--raw", "--tls-verify=false", "--creds", lab.reader + ":" + reader,
                    "docker://" + registry() + "/" + restricted + ":1.0.0")).contains("application/vnd.cncf.model.manifest.v1+json");
            Result anonymous = exec("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + registry() + "/" + restricted + ":1.0.0");
            assertThat(anonymous.status()).as(anonymous.output()).isNotZero();
        }
    }

    @Test
    void withdrawnEmbargoedAndDamagedAnswerAsEverywhereWithOciCodes() {
        String m = Deposits.published("1.0.0", Map.of("w.bin", Bytes.random(300, 2003)));
        String digest = Digest.ofContent(Bytes.random(300, 2003)).toString();
        String manifest = given().get("/v2/" + m + "/manifests/1.0.0").then().statusCode(200).extract().header("Docker-Content-Digest");
        // Damaged bytes: 500, as on the native API, until repaired.
        sql("insert into blob_fixity (digest, checked_at, outcome, detail, damaged_since) values ('" + digest
                + "', now(), 'corrupt', 'found by a test', now())");
        given().get("/v2/" + m + "/blobs/" + digest).then().statusCode(500).body("errors[0].detail.code", equalTo("integrity_error"));
        sql("delete from blob_fixity where digest = '" + digest + "'");
        given().get("/v2/" + m + "/blobs/" + digest).then().statusCode(200);
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body(Map.of("reason", "licence dispute"))
                .post("/api/v1/models/" + m + "/versions/1.0.0/withdraw").then().statusCode(200);
        for (String path : List.of("/v2/" + m + "/manifests/1.0.0", "/v2/" + m + "/manifests/" + manifest, "/v2/" + m + "/blobs/" + digest)) {
            given().get(path).then().statusCode(410).body("errors[0].code", equalTo("DENIED"))
                    .body("errors[0].detail.code", equalTo("withdrawn"));
        }
        given().get("/v2/" + m + "/tags/list").then().statusCode(200).body("tags", equalTo(List.of("1.0.0")));

        String embargoed = Deposits.published("0.1", Map.of("a.txt", "a".getBytes(StandardCharsets.UTF_8)));
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON)
                .body(Map.of("version", "2.0", "embargoUntil", Instant.now().plusSeconds(86400).toString()))
                .post("/api/v1/models/" + embargoed + "/versions").then().statusCode(201);
        Deposits.putFile(embargoed, "2.0", "b.txt", "b".getBytes(StandardCharsets.UTF_8)).statusCode(201);
        Deposits.publish(embargoed, "2.0").statusCode(200);
        given().get("/v2/" + embargoed + "/manifests/2.0").then().statusCode(403).body("errors[0].code", equalTo("DENIED"))
                .body("errors[0].detail.code", equalTo("embargoed")).header("Retry-After", org.hamcrest.Matchers.notNullValue());
        given().get("/v2/" + embargoed + "/blobs/" + Digest.ofContent("b".getBytes(StandardCharsets.UTF_8))).then().statusCode(403);
        given().header("Authorization", Deposits.AUTH).get("/v2/" + embargoed + "/manifests/2.0").then().statusCode(200);
        given().get("/v2/" + embargoed + "/manifests/latest").then().statusCode(403);
    }

    @Test
    void downloadsCountInTheSameMetrics() {
        double before = downloaded();
        given().get(blobs(Digest.ofContent(WEIGHTS).toString())).then().statusCode(200);
        assertThat(downloaded()).isGreaterThanOrEqualTo(before + WEIGHTS.length);
    }

    private static double downloaded() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("stele_download_bytes_total")).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    // --- real clients

    @Test
    void skopeoInspectsListsAndCopiesByTagAndByDigest() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(skopeo());
        String ref = "docker://" + registry() + "/" + model;
        byte[] manifest = given().get(manifests("1.0.0")).asByteArray();
        String digest = Digest.ofContent(manifest).toString();
        assertThat(run("skopeo", "inspect", "--raw", "--tls-verify=false", ref + ":1.0.0").getBytes(StandardCharsets.UTF_8))
                .isEqualTo(manifest);
        JsonNode config = JSON.readTree(run("skopeo", "inspect", "--config", "--raw", "--tls-verify=false", ref + ":1.0.0"));
        assertThat(config.path("descriptor").path("version").asText()).isEqualTo("1.0.0");
        JsonNode tags = JSON.readTree(run("skopeo", "list-tags", "--tls-verify=false", ref));
        assertThat(tags.path("Tags").toString()).isEqualTo("[\"1.0.0\",\"latest\"]");

        Path byTag = tempDir();
        run("skopeo", "copy", "--insecure-policy", "--src-tls-verify=false", ref + ":1.0.0", "dir:" + byTag);
        assertThat(Files.readAllBytes(byTag.resolve("manifest.json"))).isEqualTo(manifest);
        assertThat(readHex(byTag, Digest.ofContent(WEIGHTS))).isEqualTo(WEIGHTS);
        assertThat(readHex(byTag, Digest.ofContent(CONFIG))).isEqualTo(CONFIG);
        assertThat(readHex(byTag, Digest.ofContent(CARD))).isEqualTo(CARD);

        Path byDigest = tempDir();
        run("skopeo", "copy", "--insecure-policy", "--src-tls-verify=false", ref + "@" + digest, "dir:" + byDigest);
        assertThat(Files.readAllBytes(byDigest.resolve("manifest.json"))).isEqualTo(manifest);
        assertThat(readHex(byDigest, Digest.ofContent(WEIGHTS))).isEqualTo(WEIGHTS);

        Path layout = tempDir();
        run("skopeo", "copy", "--insecure-policy", "--preserve-digests", "--src-tls-verify=false", ref + ":1.0.0", "oci:" + layout + ":1.0.0");
        assertThat(Files.readAllBytes(layout.resolve("blobs/sha256/" + digest.substring(7)))).isEqualTo(manifest);
        assertThat(Files.readAllBytes(layout.resolve("blobs/sha256/" + Digest.ofContent(WEIGHTS).hex()))).isEqualTo(WEIGHTS);
        assertThat(Files.readAllBytes(layout.resolve("blobs/sha256/" + Digest.ofContent(CARD).hex()))).isEqualTo(CARD);
    }

    @Test
    void orasJavaSdkPullsTheArtifactFileByFile() throws IOException {
        Registry registry = Registry.builder().insecure().build();
        ContainerRef ref = ContainerRef.parse(registry() + "/" + model + ":1.0.0");
        assertThat(registry.getManifest(ref).getArtifactType().getMediaType()).isEqualTo("application/vnd.cncf.model.manifest.v1+json");
        assertThat(registry.getTags(ref).tags()).containsExactly("1.0.0", "latest");
        Path out = Files.createDirectories(tempDir());
        registry.pullArtifact(ref, out, true);
        assertThat(Files.readAllBytes(out.resolve("model.safetensors"))).isEqualTo(WEIGHTS);
        assertThat(Files.readAllBytes(out.resolve("config.json"))).isEqualTo(CONFIG);
        assertThat(Files.readAllBytes(out.resolve("README.md"))).isEqualTo(CARD);
        String digest = given().get(manifests("1.0.0")).header("Docker-Content-Digest");
        assertThat(registry.getReferrers(ContainerRef.parse(registry() + "/" + model + "@" + digest), null).getManifests()).isEmpty();
    }

    // --- helpers

    private static String manifests(String reference) {
        return "/v2/" + model + "/manifests/" + reference;
    }

    private static String blobs(String digest) {
        return "/v2/" + model + "/blobs/" + digest;
    }

    private static String tags(String query) {
        return "/v2/" + model + "/tags/list" + query;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private String registry() {
        return base.getHost() + ":" + base.getPort();
    }

    private static boolean skopeo() {
        boolean present = Clients.exists("/usr/bin/skopeo");
        Clients.require(present, "skopeo (Debian package skopeo)");
        return present;
    }

    private static byte[] readHex(Path dir, Digest digest) throws IOException {
        return Files.readAllBytes(dir.resolve(digest.hex()));
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("oci-pull");
            Files.delete(dir); // skopeo creates its destination
            return dir;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    record Result(int status, String output) {
    }

    static Result exec(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
            byte[] out = process.getInputStream().readAllBytes();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish");
            }
            return new Result(process.exitValue(), process.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : err);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String run(String... command) {
        Result result = exec(command);
        assertThat(result.status()).as(String.join(" ", command) + ": " + result.output()).isZero();
        return result.output();
    }

    private void sql(String statement) {
        QuarkusTransaction.requiringNew().run(() -> assertThat(entityManager.createNativeQuery(statement).executeUpdate()).isEqualTo(1));
    }
}
