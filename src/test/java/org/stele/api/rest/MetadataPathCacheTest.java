package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stele.archive.reading.CatalogCache;
import org.stele.support.AnotherInstance;
import org.stele.support.Bytes;
import org.stele.support.Deposits;

/**
 * The catalog generation kept in memory by the LISTEN/NOTIFY listener: changes another instance commits (made here
 * through a JDBC connection of the test's own, outside this instance's transactions) are seen promptly, changes this
 * instance commits at once, and while the listener is down every answer reads the generation. Background jobs are off
 * (their transactions would make this instance read the generation, hiding what the listener does).
 */
@QuarkusTest
@TestProfile(MetadataPathCacheTest.Quiet.class)
class MetadataPathCacheTest {
    /** How soon a change committed elsewhere must show, at most: notifications come in milliseconds. */
    private static final long PROMPTLY_MILLIS = 1_000;

    /** No scheduled jobs: this instance commits only what the test asks of it. */
    public static class Quiet implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.scheduler.enabled", "false");
        }
    }

    @Inject
    CatalogCache cache;

    @BeforeEach
    void listening() {
        cache.generation(); // starts the listener on first use
        AnotherInstance.await(cache::listening, 10_000, "the listener connects");
    }

    @Test
    void changesCommittedByAnotherInstanceAreSeenPromptly() throws SQLException {
        byte[] bytes = Bytes.random(3_000, 2301);
        String model = Deposits.published("1", Map.of("w.bin", bytes));
        String pid = pid(model, "1");
        String blob = "/api/v1/blobs/" + PreservationApiTest.digest(bytes);
        for (int round = 1; round <= 3; round++) {
            resolve(pid).statusCode(200);
            resolve(pid).statusCode(200); // from the cache
            String title = "Renamed elsewhere " + round;
            AnotherInstance.commit("update model_version set title = '" + title + "' where pid = '" + pid + "'");
            awaitAnswer(() -> title.equals(resolve(pid).extract().path("title")), "the title set elsewhere");
        }
        given().get(blob).then().statusCode(200);
        given().get(blob).then().statusCode(200);
        AnotherInstance.commit("update model set visibility = 'restricted' where namespace = 'lab' and name = '" + model.substring(4) + "'");
        awaitAnswer(() -> resolve(pid).extract().statusCode() == 404, "the restriction made elsewhere (record)");
        given().get(blob).then().statusCode(404).body("code", equalTo("blob_not_found"));
        assertThat(cache.listening()).as("answers came by the listener, not by reads per use").isTrue();
    }

    @Test
    void aWithdrawalCommittedElsewhereIsSeenPromptly() throws SQLException {
        String model = Deposits.published("1", Map.of("w.bin", Bytes.random(3_000, 2302)));
        String pid = pid(model, "1");
        resolve(pid).statusCode(200);
        resolve(pid).statusCode(200);
        AnotherInstance.commit("update model_version set state = 'withdrawn', withdrawn_at = now(), withdrawal_reason = 'Withdrawn elsewhere' "
                + "where pid = '" + pid + "'");
        awaitAnswer(() -> resolve(pid).extract().statusCode() == 410, "the withdrawal made elsewhere");
        resolve(pid).statusCode(410).body("reason", equalTo("Withdrawn elsewhere"));
    }

    /**
     * With notifications silenced (the listener stays connected but is told nothing), what this instance commits is
     * still seen by its very next read: its own commits make it read the generation.
     */
    @Test
    void theWritingInstanceReadsItsOwnWritesAtOnce() throws SQLException {
        String model = Deposits.published("1", Map.of("w.bin", Bytes.random(3_000, 2303)));
        String pid = pid(model, "1");
        String definition = AnotherInstance.single("select pg_get_functiondef('catalog_changed'::regproc)");
        String silent = definition.replace("perform pg_notify('stele_catalog', generation::text);", "");
        assertThat(silent).isNotEqualTo(definition);
        AnotherInstance.commit(silent);
        try {
            resolve(pid).statusCode(200);
            resolve(pid).statusCode(200);
            given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body(Map.of("reason", "Withdrawn here"))
                    .post("/api/v1/models/" + model + "/versions/1/withdraw").then().statusCode(200);
            resolve(pid).statusCode(410).body("reason", equalTo("Withdrawn here"));
            assertThat(cache.listening()).isTrue();
        } finally {
            AnotherInstance.commit(definition);
        }
    }

    @Test
    void whileTheListenerIsDownEveryAnswerReadsTheGeneration() throws SQLException {
        String model = Deposits.published("1", Map.of("w.bin", Bytes.random(3_000, 2304)));
        String pid = pid(model, "1");
        resolve(pid).statusCode(200);
        resolve(pid).statusCode(200);
        assertThat(AnotherInstance.single("select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name = "
                + "'stele catalog listener'")).isEqualTo("1");
        AnotherInstance.await(() -> !cache.listening(), 5_000, "the listener notices its connection is gone");
        AnotherInstance.commit("update model_version set title = 'Renamed while deaf' where pid = '" + pid + "'");
        resolve(pid).statusCode(200).body("title", equalTo("Renamed while deaf")); // at once, no waiting
        assertThat(cache.listening()).as("the answer above came while the listener was down").isFalse();

        AnotherInstance.await(cache::listening, 10_000, "the listener connects again");
        AnotherInstance.commit("update model_version set title = 'Renamed after' where pid = '" + pid + "'");
        awaitAnswer(() -> "Renamed after".equals(resolve(pid).extract().path("title")), "the title set after reconnecting");
    }

    @Test
    void resolverAnswersCarryAStrongEtagAndAnswer304() {
        String model = Deposits.published("1", Map.of("w.bin", Bytes.random(3_000, 2305)));
        String pid = pid(model, "1");
        String etag = resolve(pid).statusCode(200).header("Cache-Control", equalTo("public, no-cache"))
                .extract().header("ETag");
        assertThat(etag).matches("\"[0-9a-f]{32}\"");
        given().accept(ContentType.JSON).header("If-None-Match", etag).get("/pid/" + pid).then().statusCode(304)
                .header("ETag", equalTo(etag)).header("Cache-Control", equalTo("public, no-cache")).header("Vary", equalTo("Accept"))
                .body(equalTo(""));
        given().accept(ContentType.JSON).header("If-None-Match", "\"other\", W/" + etag).get("/pid/" + pid).then().statusCode(304);
        given().accept(ContentType.JSON).header("If-None-Match", "\"other\"").get("/pid/" + pid).then().statusCode(200)
                .header("ETag", equalTo(etag));

        // Each representation has its own tag; citations are conditional as the record is.
        String bibtex = given().get("/pid/" + pid + "?format=bibtex").then().statusCode(200).extract().header("ETag");
        assertThat(bibtex).isNotNull().isNotEqualTo(etag);
        given().header("If-None-Match", bibtex).get("/pid/" + pid + "?format=bibtex").then().statusCode(304);
        given().header("If-None-Match", etag).get("/pid/" + pid + "?format=bibtex").then().statusCode(200);

        // A reader with a token gets his own (uncached) answer, conditional too, and kept by no shared cache.
        String own = given().header("Authorization", Deposits.AUTH).accept(ContentType.JSON).get("/pid/" + pid).then().statusCode(200)
                .header("Cache-Control", equalTo("private, no-cache")).extract().header("ETag");
        assertThat(own).isNotNull();
        given().header("Authorization", Deposits.AUTH).header("If-None-Match", own).accept(ContentType.JSON).get("/pid/" + pid)
                .then().statusCode(304);
    }

    /**
     * The second anonymous request of each representation is answered from the cache before the worker hand-off: it
     * must be the very answer the resource gave, and each representation its own.
     */
    @Test
    void cachedAnswersAreTheAnswersOfTheirOwnRepresentation() {
        String model = Deposits.published("1", Map.of("w.bin", Bytes.random(3_000, 2309)));
        String pid = pid(model, "1");
        java.util.Set<String> bodies = new java.util.HashSet<>();
        for (String query : new String[] { "", "?format=bibtex", "?format=citation&style=apa", "?format=citation&style=ieee",
                "?format=csl", "?format=ris" }) {
            io.restassured.response.Response first = given().accept(ContentType.JSON).get("/pid/" + pid + query);
            io.restassured.response.Response second = given().accept(ContentType.JSON).get("/pid/" + pid + query);
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(second.asString()).as(query).isEqualTo(first.asString());
            for (String header : new String[] { "Content-Type", "ETag", "Link", "Vary", "Cache-Control", "Content-Disposition" }) {
                assertThat(second.header(header)).as(query + " " + header).isEqualTo(first.header(header));
            }
            assertThat(second.header("X-Request-Id")).isNotBlank().isNotEqualTo(first.header("X-Request-Id"));
            assertThat(bodies.add(second.asString())).as("a body of its own for " + query).isTrue();
        }
        // A token gets its own answer; one that is not valid reads as anonymous off /api, as before the shortcut.
        given().header("Authorization", Deposits.AUTH).accept(ContentType.JSON).get("/pid/" + pid).then().statusCode(200)
                .header("Cache-Control", equalTo("private, no-cache"));
        given().header("Authorization", "Bearer not-a-token").accept(ContentType.JSON).get("/pid/" + pid).then().statusCode(200)
                .header("Cache-Control", equalTo("public, no-cache"));
    }

    @Test
    void aChangedRecordGetsANewEtag() {
        String model = Deposits.published("1", Map.of("w.bin", Bytes.random(3_000, 2306)));
        String concept = Deposits.version(model, "1").extract().path("conceptPid");
        String before = resolve(concept).statusCode(200).body("latest.version", equalTo("1")).extract().header("ETag");
        Deposits.createVersion(model, "2").statusCode(201);
        Deposits.putFile(model, "2", "w.bin", Bytes.random(3_000, 2307)).statusCode(201);
        Deposits.publish(model, "2").statusCode(200);
        given().accept(ContentType.JSON).header("If-None-Match", before).get("/pid/" + concept).then().statusCode(200)
                .body("latest.version", equalTo("2")).header("ETag", not(equalTo(before)));
        // A withdrawn version's tombstone (410) is no representation to revalidate: no ETag, never 304.
        String pid = pid(model, "2");
        String etag = resolve(pid).statusCode(200).extract().header("ETag");
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body(Map.of("reason", "Superseded"))
                .post("/api/v1/models/" + model + "/versions/2/withdraw").then().statusCode(200);
        given().accept(ContentType.JSON).header("If-None-Match", etag).get("/pid/" + pid).then().statusCode(410)
                .header("ETag", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void anonymousBlobsByHashAnswer304() {
        byte[] bytes = Bytes.random(3_000, 2308);
        Deposits.published("1", Map.of("w.bin", bytes));
        String url = "/api/v1/blobs/" + PreservationApiTest.digest(bytes);
        String etag = given().get(url).then().statusCode(200).extract().header("ETag");
        given().header("If-None-Match", etag).get(url).then().statusCode(304).header("ETag", equalTo(etag)).body(equalTo(""));
    }

    private static String pid(String model, String label) {
        return Deposits.version(model, label).extract().path("pid");
    }

    private static ValidatableResponse resolve(String pid) {
        return given().accept(ContentType.JSON).get("/pid/" + pid).then();
    }

    private static void awaitAnswer(BooleanSupplier seen, String what) {
        AnotherInstance.await(seen, PROMPTLY_MILLIS, what);
    }
}
