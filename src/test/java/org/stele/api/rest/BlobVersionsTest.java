package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.stele.support.Deposits.AUTH;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stele.store.BlobStore;
import org.stele.support.ArchiveState;
import org.stele.support.Bytes;
import org.stele.support.Deposits;
import org.stele.support.Lab;
import org.stele.support.RawHttp;

/**
 * From a digest back to citations: {@code GET /api/v1/blobs/{digest}/versions} lists exactly the versions whose files
 * the caller may have, and {@code /pid/sha256:{manifest digest}} resolves to its version as its identifier does.
 * On the filesystem driver (subclassed for S3).
 */
@QuarkusTest
class BlobVersionsTest {
    @Inject
    BlobStore store;

    @TestHTTPResource("/")
    URL base;

    /** Versions holding one content S, in every state a reader can meet. */
    private record Holders(String digest, Lab lab, String reader, String outsider, Map<String, String> pids,
            Map<String, String> manifests, Map<String, String> models) {
    }

    private Holders holders() {
        Lab lab = Lab.create("holders");
        byte[] content = Bytes.random(2048, System.nanoTime());
        Holders h = new Holders(Bytes.sha256(content), lab, Lab.token(lab.reader, List.of("read")),
                Lab.token(lab.outsider, List.of("read", "write", "publish")), new LinkedHashMap<>(), new LinkedHashMap<>(),
                new LinkedHashMap<>());
        Map<String, byte[]> twice = new LinkedHashMap<>();
        twice.put("w.bin", content);
        twice.put("copy/w.bin", content);
        deposit(h, "public", lab.namespace, "public", twice, null, true);
        deposit(h, "withdrawn", lab.namespace, "public", Map.of("b.bin", content), null, true);
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("reason", "superseded"))
                .post("/api/v1/models/" + h.models().get("withdrawn") + "/versions/1.0/withdraw").then().statusCode(200);
        deposit(h, "restricted", lab.namespace, "restricted", Map.of("r.bin", content), null, true);
        deposit(h, "embargoed", lab.namespace, "public", Map.of("e.bin", content),
                Instant.now().plus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS), true);
        deposit(h, "draft", lab.namespace, "public", Map.of("d.bin", content), null, false);
        return h;
    }

    private static void deposit(Holders h, String scene, String namespace, String visibility, Map<String, byte[]> files,
            Instant embargo, boolean publish) {
        String name = Deposits.uniqueName(scene);
        given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body(Map.of("namespace", namespace, "name", name, "title", "Holder " + scene, "license", "apache-2.0",
                        "visibility", visibility))
                .post("/api/v1/models").then().statusCode(201);
        String model = namespace + "/" + name;
        Map<String, Object> version = new LinkedHashMap<>(Map.of("version", "1.0"));
        if (embargo != null) {
            version.put("embargoUntil", embargo.toString());
        }
        String pid = given().header("Authorization", AUTH).contentType(ContentType.JSON).body(version)
                .post("/api/v1/models/" + model + "/versions").then().statusCode(201).extract().path("pid");
        files.forEach((path, bytes) -> Deposits.putFile(model, "1.0", path, bytes).statusCode(201));
        if (publish) {
            h.manifests().put(scene, Deposits.publish(model, "1.0").statusCode(200).extract().path("manifestDigest"));
        }
        h.pids().put(scene, pid);
        h.models().put(scene, model);
    }

    private static JsonPath list(String digest, String token, String query) {
        var request = given();
        if (token != null) {
            request = request.header("Authorization", token);
        }
        return request.get("/api/v1/blobs/" + digest + "/versions" + query).then().statusCode(200)
                .contentType("application/json").extract().jsonPath();
    }

    @Test
    void onlyVersionsWhoseFilesTheCallerMayHaveAreListed() {
        Holders h = holders();
        JsonPath anonymous = list(h.digest(), null, "");
        assertThat(anonymous.getList("items.pid")).as("not the withdrawn, restricted, embargoed or draft ones")
                .containsExactly(h.pids().get("public"));
        assertThat(anonymous.getString("nextCursor")).isNull();
        String publicModel = h.models().get("public");
        assertThat(anonymous.getString("items[0].namespace") + "/" + anonymous.getString("items[0].name")).isEqualTo(publicModel);
        assertThat(anonymous.getString("items[0].version")).isEqualTo("1.0");
        assertThat(anonymous.getList("items[0].paths")).containsExactly("copy/w.bin", "w.bin");
        assertThat(anonymous.getString("items[0].manifestDigest")).isEqualTo(h.manifests().get("public"));
        assertThat(Instant.parse(anonymous.getString("items[0].publishedAt"))).isBefore(Instant.now().plusSeconds(1));
        assertThat(anonymous.getString("items[0].url")).isEqualTo(base.toString().replaceAll("/$", "") + "/pid/" + h.pids().get("public"));
        // The listed address is the citation: it resolves to the version's landing page.
        given().get(anonymous.getString("items[0].url")).then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString(h.pids().get("public")));

        assertThat(list(h.digest(), h.outsider(), "").getList("items.pid")).as("a maintainer of another namespace")
                .containsExactly(h.pids().get("public"));
        assertThat(list(h.digest(), h.reader(), "").getList("items.pid")).as("a reader of the lab's namespace")
                .containsExactly(h.pids().get("public"), h.pids().get("restricted"), h.pids().get("embargoed"));
        assertThat(list(h.digest(), AUTH, "").getList("items.pid")).as("the admin: never withdrawn versions or drafts")
                .containsExactly(h.pids().get("public"), h.pids().get("restricted"), h.pids().get("embargoed"));
    }

    @Test
    void pagesFollowTheCursorToTheEnd() {
        Holders h = holders();
        List<Object> all = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonPath page = list(h.digest(), h.reader(), "?limit=1" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.getList("items")).hasSize(1);
            all.addAll(page.getList("items.pid"));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(all).containsExactly(h.pids().get("public"), h.pids().get("restricted"), h.pids().get("embargoed"));
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void badDigestsLimitsAndCursorsAreRefusedAndUnknownContentHasNoHolders() throws Exception {
        ArchiveState before = ArchiveState.of(store);
        for (String bad : List.of("sha256:xyz", "sha256:" + "a".repeat(63), "md5:" + "a".repeat(32), "a".repeat(64))) {
            given().get("/api/v1/blobs/" + bad + "/versions").then().statusCode(400)
                    .contentType("application/problem+json").body("code", equalTo("invalid_digest"));
        }
        String unknown = "sha256:" + "0".repeat(64);
        given().get("/api/v1/blobs/" + unknown + "/versions").then().statusCode(200)
                .body("items", empty()).body("nextCursor", nullValue());
        given().get("/api/v1/blobs/" + unknown + "/versions?limit=0").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("invalid_limit"));
        given().get("/api/v1/blobs/" + unknown + "/versions?cursor=bm9wZQ").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("invalid_cursor"));
        assertThat(ArchiveState.of(store)).isEqualTo(before);
    }

    @Test
    void aManifestDigestResolvesAsItsIdentifierDoes() {
        Holders h = holders();
        String pid = h.pids().get("public");
        String digest = h.manifests().get("public");
        RawHttp raw = new RawHttp(base);
        HttpResponse<byte[]> redirect = raw.send("GET", "/pid/" + digest + "?format=bibtex");
        assertThat(redirect.statusCode()).isEqualTo(303);
        assertThat(redirect.headers().firstValue("Location")).hasValueSatisfying(
                l -> assertThat(l).endsWith("/pid/" + pid + "?format=bibtex"));

        given().accept("application/json").get("/pid/" + digest).then().statusCode(200)
                .body("pid", equalTo(pid)).body("manifestDigest", equalTo(digest));
        given().accept("text/html").get("/pid/" + digest).then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString(pid));
        String bibtex = given().get("/pid/" + digest + "?format=bibtex").then().statusCode(200).extract().asString();
        assertThat(bibtex).isEqualTo(given().get("/pid/" + pid + "?format=bibtex").then().statusCode(200).extract().asString());

        // A withdrawn version: its tombstone, 410, as from its identifier.
        given().accept("application/json").get("/pid/" + h.manifests().get("withdrawn")).then().statusCode(410)
                .body("pid", equalTo(h.pids().get("withdrawn")));
        // A restricted model's version: unknown to outsiders, found by its readers.
        given().accept("application/json").get("/pid/" + h.manifests().get("restricted")).then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("identifier_not_found"));
        given().header("Authorization", h.reader()).accept("application/json").get("/pid/" + h.manifests().get("restricted"))
                .then().statusCode(200).body("pid", equalTo(h.pids().get("restricted")));
    }

    @Test
    void unknownAndMalformedManifestDigestsAreProblems() {
        given().accept("application/json").get("/pid/sha256:" + "0".repeat(64)).then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("identifier_not_found"));
        given().accept("application/json").get("/pid/sha256:nothex").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("invalid_digest"));
        given().accept("text/html").get("/pid/sha256:" + "0".repeat(64)).then().statusCode(404)
                .contentType(containsString("text/html"));
    }

    @Test
    void versionsWithTheSameFilesShareADigestThatNamesTheNewest() {
        byte[] content = Bytes.random(512, System.nanoTime());
        String first = Deposits.published("1.0", Map.of("same.bin", content));
        String second = Deposits.published("1.0", Map.of("same.bin", content));
        String digest = Deposits.version(first, "1.0").extract().path("manifestDigest");
        assertThat((String) Deposits.version(second, "1.0").extract().path("manifestDigest")).isEqualTo(digest);
        String newest = Deposits.version(second, "1.0").extract().path("pid");
        given().accept("application/json").get("/pid/" + digest).then().statusCode(200).body("pid", equalTo(newest));
        given().get("/api/v1/blobs/" + Bytes.sha256(content) + "/versions").then().statusCode(200)
                .body("items.url[1]", endsWith("/pid/" + newest));
    }
}
