package org.stele.api.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.stele.api.web.BrowseFixtures.count;
import static org.stele.support.Deposits.AUTH;
import static org.stele.support.Deposits.createVersion;
import static org.stele.support.Deposits.publish;
import static org.stele.support.Deposits.putFile;
import static org.stele.support.Statements.assertBlocked;
import static org.stele.support.Statements.run;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.stele.support.Deposits;
import org.stele.support.WeightFiles;

/**
 * What keeps a text search's cost flat: only the newest matches are ranked (three here), the rest follow newest first,
 * and paging stays whole; the index's own copy of a model's restriction follows every visibility change, whichever
 * connection makes it and whatever runs beside it.
 */
@QuarkusTest
@TestProfile(SearchRankingTest.FewRanked.class)
class SearchRankingTest {
    public static class FewRanked implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("stele.search.ranked", "3");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    private static String word() {
        Random random = new Random();
        StringBuilder w = new StringBuilder("zr");
        for (int i = 0; i < 10; i++) {
            w.append((char) ('a' + random.nextInt(26)));
        }
        return w.toString();
    }

    /** Publishes {@code label} with {@code word} written {@code times} times in its card: more times ranks higher. */
    private static String publishWith(String model, String label, String word, int times) {
        createVersion(model, label).statusCode(201);
        String body = ("---\ntags: [x]\n---\n" + (word + " ").repeat(times) + "\n");
        putFile(model, label, "README.md", body.getBytes(StandardCharsets.UTF_8)).statusCode(201);
        putFile(model, label, "model.safetensors", WeightFiles.safetensors(
                "{\"w\":{\"dtype\":\"F16\",\"shape\":[10,10],\"data_offsets\":[0,200]}}", 200)).statusCode(201);
        return publish(model, label).statusCode(200).extract().path("pid");
    }

    private static JsonPath search(Map<String, ?> params, String auth) {
        var request = given().queryParams(params);
        if (auth != null) {
            request.header("Authorization", auth);
        }
        return request.get("/api/v1/search").then().statusCode(200).extract().jsonPath();
    }

    /** Every hit of a search, page by page; fails on a page repeated forever. */
    private static List<String> all(Map<String, Object> params, int limit, Runnable afterFirstPage) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, Object> page = new HashMap<>(params);
            page.put("limit", limit);
            if (cursor != null) {
                page.put("cursor", cursor);
            }
            JsonPath answer = search(page, null);
            seen.addAll(answer.getList("items.pid"));
            cursor = answer.getString("nextCursor");
            if (pages++ == 0) {
                afterFirstPage.run();
            }
        } while (cursor != null && pages < 20);
        assertThat(pages).isLessThan(20);
        return seen;
    }

    private static String versions(String q) {
        return count(given().queryParam("q", q).accept(ContentType.HTML).get("/").then().statusCode(200).extract().asString(), "versions");
    }

    @Test
    void theNewestMatchesAreRankedTheRestFollowNewestFirstAndPagingStaysWhole() {
        String w = word();
        String model = Deposits.model("lab", "ranked", false);
        List<String> v = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            v.add(publishWith(model, "v" + i, w, 7 - i)); // the oldest says it most often: it would rank first
        }
        // The three newest (v4 to v6) by relevance, then v3, v2, v1 newest first.
        List<String> expected = List.of(v.get(3), v.get(4), v.get(5), v.get(2), v.get(1), v.get(0));
        assertThat(search(Map.of("q", w), null).getList("items.pid")).containsExactlyElementsOf(expected);
        for (int limit : List.of(1, 2, 3, 4)) {
            assertThat(all(Map.of("q", w), limit, () -> { })).as("limit " + limit).containsExactlyElementsOf(expected);
        }
        assertThat(search(Map.of("q", w, "sort", "published"), null).getList("items.pid"))
                .containsExactly(v.get(5), v.get(4), v.get(3), v.get(2), v.get(1), v.get(0));
        // The facets count what the pages list.
        assertThat(versions(w)).isEqualTo("6");

        // A version published while a reader pages is ranked by the bound the first page fixed: no repeats, no gaps.
        String[] late = new String[1];
        List<String> seen = all(Map.of("q", w), 2, () -> late[0] = publishWith(model, "v7", w, 9));
        assertThat(seen).containsExactlyElementsOf(expected); // v7 ranks above the first page's last hit: not listed after it
        // A new first page ranks the newest three again: v7 (said most often), v5, v6; then v4 and older.
        assertThat(search(Map.of("q", w), null).getList("items.pid"))
                .containsExactly(late[0], v.get(4), v.get(5), v.get(3), v.get(2), v.get(1), v.get(0));
        assertThat(versions(w)).isEqualTo("7");

        // A cursor of one sort is refused by the other.
        String ranked = search(Map.of("q", w, "limit", 1), null).getString("nextCursor");
        given().queryParams(Map.of("q", w, "sort", "published", "cursor", ranked)).get("/api/v1/search").then().statusCode(400)
                .body("code", org.hamcrest.Matchers.equalTo("invalid_cursor"));
    }

    @Test
    void aVisibilityChangeOnAnotherConnectionTakesTheModelOutOfAnonymousSearchAndFacets() throws Exception {
        String w = word();
        String model = Deposits.model("lab", "flag", false);
        String pid = publishWith(model, "1", w, 1);
        assertThat(search(Map.of("q", w), null).getList("items.pid")).containsExactly(pid);
        assertThat(versions(w)).isEqualTo("1");

        setVisibility(model, "restricted");
        assertThat(restricted(pid)).isTrue();
        assertThat(search(Map.of("q", w), null).getList("items")).isEmpty();
        assertThat(search(Map.of("tag", "x", "namespace", "lab", "q", w), null).getList("items")).isEmpty();
        assertThat(versions(w)).isEqualTo("0");
        assertThat(search(Map.of("q", w), AUTH).getList("items.pid")).containsExactly(pid);

        setVisibility(model, "public");
        assertThat(restricted(pid)).isFalse();
        assertThat(search(Map.of("q", w), null).getList("items.pid")).containsExactly(pid);
        assertThat(versions(w)).isEqualTo("1");
    }

    @Test
    void aVersionPublishedIntoARestrictedModelIsNeverFoundAnonymously() throws Exception {
        String w = word();
        String model = Deposits.model("lab", "hidden", true);
        String pid = publishWith(model, "1", w, 1);
        assertThat(restricted(pid)).isTrue();
        assertThat(search(Map.of("q", w), null).getList("items")).isEmpty();
        assertThat(search(Map.of("q", w, "sort", "published"), null).getList("items")).isEmpty();
        assertThat(versions(w)).isEqualTo("0");
        assertThat(search(Map.of("q", w), AUTH).getList("items.pid")).containsExactly(pid);
    }

    /**
     * An entry written while its model's visibility changes ends up saying what the model says, in either order: the
     * entry's insert waits for a change in flight, and a change waits for an insert in flight and then rewrites it.
     */
    @Test
    void anEntryWrittenDuringAVisibilityChangeFollowsIt() throws Exception {
        for (boolean changeFirst : List.of(true, false)) {
            String model = Deposits.model("lab", "race", false);
            String pid = publishWith(model, "1", word(), 1);
            try (Connection change = dataSource.getConnection(); Connection entry = dataSource.getConnection()) {
                // The entry is taken out first (as if not yet written) and kept aside on the connection that writes it back.
                run(entry, "create temp table saved as select * from search_entry where version_id = (select version_id"
                        + " from identifier where pid = ?)", pid);
                run(entry, "delete from search_entry where version_id = (select version_id from saved)");
                change.setAutoCommit(false);
                entry.setAutoCommit(false);
                String reinsert = "insert into search_entry (version_id, namespace, name, label, pid, concept_pid, manifest_digest, title,"
                        + " published_at, document) select version_id, namespace, name, label, pid, concept_pid, manifest_digest, title,"
                        + " published_at, document from saved";
                String restrict = "update model set visibility = 'restricted' where namespace || '/' || name = ?";
                if (changeFirst) {
                    run(change, restrict, model);
                    CompletableFuture<Void> insert = CompletableFuture.runAsync(() -> run(entry, reinsert));
                    assertBlocked(insert);
                    change.commit();
                    insert.get(10, TimeUnit.SECONDS);
                    entry.commit();
                } else {
                    run(entry, reinsert);
                    CompletableFuture<Void> update = CompletableFuture.runAsync(() -> run(change, restrict, model));
                    assertBlocked(update);
                    entry.commit();
                    update.get(10, TimeUnit.SECONDS);
                    change.commit();
                }
                run(entry, "drop table saved");
                entry.commit();
                entry.setAutoCommit(true);
                change.setAutoCommit(true);
            }
            assertThat(restricted(pid)).as(changeFirst ? "change first" : "entry first").isTrue();
            assertThat(search(Map.of("q", model.substring(4)), null).getList("items.pid")).doesNotContain(pid);
        }
    }

    /** Changes a model's visibility with plain SQL on a connection of its own, as another replica or an operator would. */
    private void setVisibility(String model, String visibility) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            run(c, "update model set visibility = ? where namespace || '/' || name = ?", visibility, model);
        }
    }

    private boolean restricted(String pid) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select e.restricted from search_entry e join identifier i on i.version_id = e.version_id where i.pid = ?")) {
            s.setString(1, pid);
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                return r.getBoolean(1);
            }
        }
    }
}
