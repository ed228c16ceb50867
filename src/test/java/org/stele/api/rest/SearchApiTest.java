package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.stele.support.Deposits.AUTH;
import static org.stele.support.Deposits.createModel;
import static org.stele.support.Deposits.createVersion;
import static org.stele.support.Deposits.publish;
import static org.stele.support.Deposits.putFile;
import static org.stele.support.Deposits.uniqueName;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.stele.support.WeightFiles;

/** GET /api/v1/search over published versions, through real HTTP and PostgreSQL. */
@QuarkusTest
class SearchApiTest {

    private static String word() {
        Random random = new Random();
        StringBuilder w = new StringBuilder("zq");
        for (int i = 0; i < 10; i++) {
            w.append((char) ('a' + random.nextInt(26)));
        }
        return w.toString();
    }

    private static String publishWith(String model, String label, String frontMatter, String body) {
        createVersion(model, label).statusCode(201);
        putFile(model, label, "README.md", ("---\n" + frontMatter + "---\n" + body + "\n").getBytes(StandardCharsets.UTF_8)).statusCode(201);
        putFile(model, label, "model.safetensors", WeightFiles.safetensors(
                "{\"w\":{\"dtype\":\"F16\",\"shape\":[10,10],\"data_offsets\":[0,200]}}", 200)).statusCode(201);
        return publish(model, label).statusCode(200).extract().path("pid");
    }

    private static JsonPath search(Map<String, ?> params) {
        return given().queryParams(params).get("/api/v1/search").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void filtersFullTextNamesAndPagination() {
        String tag = word();
        String cardWord = word();
        String a = "lab/" + uniqueName("alpha");
        String b = "lab/" + uniqueName("beta");
        createModel("lab", a.substring(4)).statusCode(201);
        createModel("lab", b.substring(4)).statusCode(201);
        String a1 = publishWith(a, "1.0", "license: mit\nlibrary_name: transformers\npipeline_tag: text-generation\ntags: [" + tag
                + "]\ndatasets: [lab/corpus-" + tag + "]\n", "A card about " + cardWord + " things.");
        String a2 = publishWith(a, "2.0", "license: mit\nlibrary_name: peft\ntags: [" + tag + "]\nbase_model: " + a + "@1.0\n", "Plain.");
        String b1 = publishWith(b, "1.0", "license: apache-2.0\nlibrary_name: transformers\ntags: [" + tag + "]\n", "Other.");

        JsonPath all = search(Map.of("tag", tag));
        assertThat(all.getList("items.pid")).containsExactly(b1, a2, a1);
        assertThat(all.getString("nextCursor")).isNull();
        assertThat(all.getLong("items[0].parameterCount")).isEqualTo(100);
        assertThat(all.getString("items[0].manifestDigest")).startsWith("sha256:");
        assertThat(all.getString("items[0].license")).isEqualTo("Apache-2.0");
        assertThat(all.getString("items[2].conceptPid")).isNotNull();

        assertThat(search(Map.of("tag", tag, "library", "PEFT")).getList("items.pid")).containsExactly(a2);
        assertThat(search(Map.of("tag", tag, "pipelineTag", "text-generation")).getList("items.pid")).containsExactly(a1);
        assertThat(search(Map.of("tag", tag, "baseModel", a + "@1.0")).getList("items.pid")).containsExactly(a2);
        assertThat(search(Map.of("baseModel", a1)).getList("items.pid")).containsExactly(a2);
        assertThat(search(Map.of("tag", tag, "dataset", "lab/corpus-" + tag)).getList("items.pid")).containsExactly(a1);
        // the record's licence (all three: the model's Apache-2.0) or the card's
        assertThat(search(Map.of("tag", tag, "license", "MIT")).getList("items.pid")).containsExactly(a2, a1);
        assertThat(search(Map.of("tag", tag, "license", "apache-2.0")).getList("items.pid")).containsExactly(b1, a2, a1);
        assertThat(search(Map.of("tag", tag, "namespace", "LAB")).getList("items.pid")).hasSize(3);
        assertThat(search(Map.of("tag", tag, "namespace", "other")).getList("items")).isEmpty();

        assertThat(search(Map.of("q", cardWord)).getList("items.pid")).containsExactly(a1);
        assertThat(search(Map.of("q", b.toUpperCase())).getList("items.pid")).contains(b1).doesNotContain(a1);
        assertThat(search(Map.of("q", tag, "sort", "relevance")).getList("items.pid")).containsExactlyInAnyOrder(a1, a2, b1);

        for (String sort : List.of("published", "relevance")) {
            List<String> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                Map<String, Object> params = new java.util.HashMap<>(Map.of("q", tag, "sort", sort, "limit", 1));
                if (cursor != null) {
                    params.put("cursor", cursor);
                }
                JsonPath page = search(params);
                seen.addAll(page.getList("items.pid"));
                cursor = page.getString("nextCursor");
                pages++;
            } while (cursor != null && pages < 10);
            assertThat(seen).as(sort).containsExactlyInAnyOrder(a1, a2, b1);
            assertThat(pages).isEqualTo(3);
        }
    }

    @Test
    void badParametersAreProblemsAndWithdrawnVersionsDisappear() {
        given().queryParam("cursor", "not-a-cursor").get("/api/v1/search").then().statusCode(400).body("code", equalTo("invalid_cursor"));
        given().queryParam("limit", 0).get("/api/v1/search").then().statusCode(400).body("code", equalTo("invalid_limit"));
        given().queryParam("limit", "x").get("/api/v1/search").then().statusCode(400).body("code", equalTo("invalid_limit"));
        given().queryParam("sort", "size").get("/api/v1/search").then().statusCode(400).body("code", equalTo("invalid_sort"));
        String publishedCursor = given().queryParam("limit", 1).get("/api/v1/search").then().statusCode(200)
                .extract().path("nextCursor");
        if (publishedCursor != null) {
            given().queryParams(Map.of("q", "x", "sort", "relevance", "cursor", publishedCursor)).get("/api/v1/search")
                    .then().statusCode(400).body("code", equalTo("invalid_cursor"));
        }

        String tag = word();
        String m = "lab/" + uniqueName("gone");
        createModel("lab", m.substring(4)).statusCode(201);
        String pid = publishWith(m, "1.0", "tags: [" + tag + "]\n", "Body.");
        given().queryParam("tag", tag).get("/api/v1/search").then().statusCode(200).body("items", hasSize(1));
        given().queryParam("q", m.substring(4)).accept(ContentType.HTML).get("/").then().statusCode(200)
                .body(containsString("/pid/" + pid));
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("reason", "test"))
                .post("/api/v1/models/" + m + "/versions/1.0/withdraw").then().statusCode(200);
        given().queryParam("tag", tag).get("/api/v1/search").then().statusCode(200).body("items", hasSize(0))
                .body("nextCursor", nullValue());
    }

    @Test
    void titleMatchesOutrankCardMatches() {
        String w = word();
        String titled = uniqueName("titled");
        given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body(Map.of("namespace", "lab", "name", titled, "title", "Model for " + w, "license", "MIT"))
                .post("/api/v1/models").then().statusCode(201);
        String strong = publishWith("lab/" + titled, "1", "tags: [x]\n", "Nothing to see.");
        String carded = uniqueName("carded");
        createModel("lab", carded).statusCode(201);
        String weak = publishWith("lab/" + carded, "1", "tags: [x]\n", "Mentions " + w + " once, in passing.");
        assertThat(search(Map.of("q", w, "sort", "relevance")).getList("items.pid")).containsExactly(strong, weak);
    }

    @Test
    void pagingWhileVersionsArePublishedHasNoDuplicatesOrGaps() {
        String tag = word();
        String m = "lab/" + uniqueName("paging");
        createModel("lab", m.substring(4)).statusCode(201);
        List<String> before = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            before.add(publishWith(m, "v" + i, "tags: [" + tag + "]\n", "Body " + i + "."));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int page = 0;
        do {
            Map<String, Object> params = new java.util.HashMap<>(Map.of("tag", tag, "sort", "published", "limit", 2));
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            JsonPath answer = search(params);
            seen.addAll(answer.getList("items.pid"));
            cursor = answer.getString("nextCursor");
            if (page++ == 0) {
                publishWith(m, "late", "tags: [" + tag + "]\n", "Published while a reader pages.");
            }
        } while (cursor != null && page < 10);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(before);
        assertThat(search(Map.of("tag", tag)).getList("items")).hasSize(6);
    }

    @Test
    void aTagIsFoundByItsExactWordEvenWhereEnglishStemmingWouldChangeIt() {
        String tag = word() + "ings"; // indexed as written ('simple'); an 'english' stem would drop the ending
        String m = "lab/" + uniqueName("stem");
        createModel("lab", m.substring(4)).statusCode(201);
        String pid = publishWith(m, "1", "tags: [" + tag + "]\n", "Body.");
        assertThat(search(Map.of("q", tag)).getList("items.pid")).containsExactly(pid);
    }
}
