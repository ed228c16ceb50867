package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.stele.support.Deposits.AUTH;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.http.Header;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stele.archive.custody.BlobConditions;
import org.stele.archive.reading.CatalogCache;
import org.stele.domain.Digest;
import org.stele.store.BlobStore;
import org.stele.store.StorageLayout;
import org.stele.support.AnotherInstance;
import org.stele.support.Bytes;
import org.stele.support.Deposits;

/**
 * Small content every reader may have, answered to anonymous GETs and HEADs from memory on the event loop
 * ({@link SmallBlobAnswers}): the very answer the resource gives, conditional requests and ranges included, and never
 * once a reader may no longer have the bytes, whichever instance made the change. Background jobs are off, as in
 * {@link MetadataPathCacheTest}, so changes made elsewhere are seen through the listener alone.
 */
@QuarkusTest
@TestProfile(MetadataPathCacheTest.Quiet.class)
class SmallBlobAnswersTest {
    /** How soon a change committed elsewhere must show, at most: notifications come in milliseconds. */
    private static final long PROMPTLY_MILLIS = 1_000;
    /** Headers that differ between any two answers, kept or not. */
    private static final Set<String> PER_ANSWER = Set.of("date", "x-request-id");

    @Inject
    CatalogCache cache;

    @Inject
    BlobStore store;

    @Inject
    BlobConditions conditions;

    /** Content a public version holds: its model ({@code lab/name}, version 1, file w.bin), digest and bytes. */
    record Content(String model, Digest digest, byte[] bytes) {
        String url() {
            return "/api/v1/blobs/" + digest;
        }
    }

    @BeforeEach
    void listening() {
        cache.generation(); // starts the listener on first use
        AnotherInstance.await(cache::listening, 10_000, "the listener connects");
    }

    @Test
    void keptAnswersAreTheResourcesAnswers() {
        Content content = published(3_000, 2401);
        Response first = given().get(content.url()); // not kept yet: the resource reads the stored bytes
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.header("ETag")).isEqualTo("\"" + content.digest() + "\"");
        assertThat(first.header("Content-Length")).isEqualTo("3000");
        assertThat(first.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        assertThat(first.header("Repr-Digest")).isEqualTo(content.digest().reprDigest());
        assertThat(first.asByteArray()).isEqualTo(content.bytes());
        for (int i = 0; i < 5; i++) {
            Response again = given().get(content.url());
            assertThat(again.asByteArray()).isEqualTo(content.bytes());
            assertSameAnswer(again, first);
            assertThat(again.header("X-Request-Id")).isNotBlank().isNotEqualTo(first.header("X-Request-Id"));
        }
        assertSameAnswer(given().header("Authorization", AUTH).get(content.url()), first);

        Response head = given().header("Authorization", AUTH).head(content.url()); // through the resource
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo("3000");
        for (int i = 0; i < 3; i++) {
            Response kept = given().head(content.url());
            assertThat(kept.asByteArray()).isEmpty();
            assertSameAnswer(kept, head);
        }
    }

    @Test
    void emptyContentAnswersAsTheResourceDoes() {
        Content empty = published(0, 2404);
        Response resource = given().header("Authorization", AUTH).get(empty.url());
        assertThat(resource.statusCode()).isEqualTo(200);
        assertThat(resource.header("Content-Length")).isEqualTo("0");
        keep(empty);
        assertSameAnswer(given().get(empty.url()), resource);
        assertSameAnswer(given().head(empty.url()), given().header("Authorization", AUTH).head(empty.url()));
        assertSameAnswer(given().header("Range", "bytes=0-").get(empty.url()),
                given().header("Authorization", AUTH).header("Range", "bytes=0-").get(empty.url()));
    }

    @Test
    void conditionalRequestsAnswerAsTheResourceDoes() {
        Content content = published(3_000, 2402);
        keep(content);
        String etag = "\"" + content.digest() + "\"";
        for (String condition : List.of(etag, "W/" + etag, "\"other\", " + etag, "*")) {
            Response resource = given().header("Authorization", AUTH).header("If-None-Match", condition).get(content.url());
            assertThat(resource.statusCode()).as(condition).isEqualTo(304);
            for (String method : List.of("GET", "HEAD")) {
                Response kept = given().header("If-None-Match", condition).request(method, content.url());
                assertThat(kept.asByteArray()).as(method + " " + condition).isEmpty();
                assertSameAnswer(kept, resource);
            }
        }
        assertThat(given().header("If-None-Match", etag).get(content.url()).header("Repr-Digest"))
                .isEqualTo(content.digest().reprDigest());
        Response other = given().header("If-None-Match", "\"sha256:other\"").get(content.url());
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.asByteArray()).isEqualTo(content.bytes());
        assertSameAnswer(other, given().header("Authorization", AUTH).get(content.url()));
    }

    @Test
    void rangesAnswerAsTheResourceDoes() {
        Content content = published(3_000, 2403);
        keep(content);
        Map<String, int[]> ranges = Map.of("bytes=10-19", new int[] { 10, 20 }, "bytes=-5", new int[] { 2995, 3000 },
                "bytes=2990-", new int[] { 2990, 3000 }, "bytes=0-0", new int[] { 0, 1 }, "bytes=100-5000", new int[] { 100, 3000 });
        ranges.forEach((range, slice) -> {
            Response anonymous = given().header("Range", range).get(content.url());
            assertThat(anonymous.statusCode()).as(range).isEqualTo(206);
            assertThat(anonymous.header("Content-Range")).as(range)
                    .isEqualTo("bytes " + slice[0] + "-" + (slice[1] - 1) + "/3000");
            assertThat(anonymous.asByteArray()).as(range).isEqualTo(Arrays.copyOfRange(content.bytes(), slice[0], slice[1]));
            assertSameAnswer(anonymous, given().header("Authorization", AUTH).header("Range", range).get(content.url()));
        });
        given().header("Range", "bytes=3000-").get(content.url()).then().statusCode(416)
                .header("Content-Range", "bytes */3000").body("code", equalTo("range_not_satisfiable"));
        String etag = "\"" + content.digest() + "\"";
        assertThat(given().header("Range", "bytes=0-9").header("If-Range", etag).get(content.url()).then().statusCode(206)
                .extract().asByteArray()).isEqualTo(Arrays.copyOf(content.bytes(), 10));
        assertThat(given().header("Range", "bytes=0-9").header("If-Range", "\"sha256:other\"").get(content.url()).then()
                .statusCode(200).header("Content-Length", "3000").extract().asByteArray()).isEqualTo(content.bytes());
    }

    /** Each change made through this instance ends the kept answer at once: its very next read is refused. */
    @ParameterizedTest
    @ValueSource(strings = { "withdrawal", "restriction", "embargo", "takedown", "damage" })
    void aChangeMadeHereEndsTheKeptAnswerAtOnce(String change) throws IOException {
        Content content = published(3_000, 2410 + change.hashCode() % 1000);
        keep(content);
        switch (change) {
            case "withdrawal" -> withdraw(content);
            case "restriction" -> given().header("Authorization", AUTH).contentType(ContentType.JSON)
                    .body(Map.of("visibility", "restricted")).patch("/api/v1/models/" + content.model()).then().statusCode(200);
            case "embargo" -> given().header("Authorization", AUTH).contentType(ContentType.JSON)
                    .body(Map.of("embargoUntil", Instant.now().plus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString()))
                    .patch("/api/v1/models/" + content.model() + "/versions/1").then().statusCode(200);
            case "takedown" -> {
                withdraw(content);
                assertRefused(content, 410, "withdrawn");
                given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("reason", "court order"))
                        .post("/api/v1/admin/models/" + content.model() + "/versions/1/purge").then().statusCode(200);
            }
            case "damage" -> {
                // The bytes kept were verified when read: they are still served once the stored copy went bad...
                byte[] flipped = content.bytes().clone();
                flipped[7] ^= 1;
                store.put(StorageLayout.blob(content.digest()), new ByteArrayInputStream(flipped));
                assertThat(given().get(content.url()).then().statusCode(200).extract().asByteArray()).isEqualTo(content.bytes());
                // ...until a fixity check records the damage, as a pass does.
                conditions.record(content.digest(), BlobConditions.Copy.primary, BlobConditions.Outcome.corrupt, "flipped", "fixity");
            }
            default -> throw new IllegalArgumentException(change);
        }
        int status = Map.of("withdrawal", 410, "restriction", 404, "embargo", 403, "takedown", 410, "damage", 500).get(change);
        String code = Map.of("withdrawal", "withdrawn", "restriction", "blob_not_found", "embargo", "embargoed",
                "takedown", "blob_purged", "damage", "integrity_error").get(change);
        assertRefused(content, status, code);
        if (change.equals("damage")) {
            repair(content);
        }
    }

    /** The same changes committed by another instance end the kept answer as soon as it is told of them. */
    @ParameterizedTest
    @ValueSource(strings = { "withdrawal", "restriction", "embargo", "takedown", "damage" })
    void aChangeCommittedElsewhereEndsTheKeptAnswerPromptly(String change) throws SQLException, IOException {
        Content content = published(3_000, 2420 + change.hashCode() % 1000);
        keep(content);
        String pid = Deposits.version(content.model(), "1").extract().path("pid");
        String digest = "'" + content.digest() + "'";
        AnotherInstance.commit(switch (change) {
            case "withdrawal" -> "update model_version set state = 'withdrawn', withdrawn_at = now(), "
                    + "withdrawal_reason = 'Withdrawn elsewhere' where pid = '" + pid + "'";
            case "restriction" -> "update model set visibility = 'restricted' where namespace = 'lab' and name = '"
                    + content.model().substring(4) + "'";
            case "embargo" -> "update model_version set embargo_until = now() + interval '1 year' where pid = '" + pid + "'";
            case "takedown" -> "update blob set purged_at = now() where digest = " + digest;
            case "damage" -> "insert into blob_fixity (digest, checked_at, outcome, detail, damaged_since) values (" + digest
                    + ", now(), 'corrupt', 'found elsewhere', now()) on conflict (digest) do update set outcome = 'corrupt'";
            default -> throw new IllegalArgumentException(change);
        });
        int status = Map.of("withdrawal", 410, "restriction", 404, "embargo", 403, "takedown", 410, "damage", 500).get(change);
        String code = Map.of("withdrawal", "withdrawn", "restriction", "blob_not_found", "embargo", "embargoed",
                "takedown", "blob_purged", "damage", "integrity_error").get(change);
        AnotherInstance.await(() -> given().get(content.url()).statusCode() == status, PROMPTLY_MILLIS, "the " + change + " made elsewhere");
        assertRefused(content, status, code);
        assertThat(cache.listening()).as("the change came by the listener, not by reading the generation").isTrue();
        if (change.equals("takedown")) {
            AnotherInstance.commit("update blob set purged_at = null where digest = " + digest);
        } else if (change.equals("damage")) {
            repair(content);
        }
    }

    /** Content some readers may not have is never kept, however often those who may have it read it. */
    @Test
    void contentNotEveryonesIsNotKept() {
        byte[] uploaded = Bytes.random(3_000, 2431);
        given().header("Authorization", AUTH).contentType("application/octet-stream").body(uploaded).post("/api/v1/blobs")
                .then().statusCode(201);
        Digest onlyUploaded = Digest.parse(Bytes.sha256(uploaded));

        String restrictedModel = Deposits.model("lab", "restricted", true);
        Digest restricted = deposit(restrictedModel, 2432);
        Deposits.publish(restrictedModel, "1").statusCode(200);

        String embargoedModel = Deposits.model("lab", "embargoed", false);
        Digest embargoed = deposit(embargoedModel, 2433);
        given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body(Map.of("embargoUntil", Instant.now().plus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString()))
                .patch("/api/v1/models/" + embargoedModel + "/versions/1").then().statusCode(200);
        Deposits.publish(embargoedModel, "1").statusCode(200);

        Digest draft = deposit(Deposits.model("lab", "draft", false), 2434);

        Map<Digest, Integer> anonymous = Map.of(onlyUploaded, 404, restricted, 404, embargoed, 403, draft, 404);
        anonymous.forEach((digest, status) -> {
            for (int i = 0; i < 3; i++) {
                given().header("Authorization", AUTH).get("/api/v1/blobs/" + digest).then().statusCode(200);
            }
            for (String method : List.of("GET", "HEAD")) {
                given().request(method, "/api/v1/blobs/" + digest).then().statusCode(status);
            }
            given().get("/api/v1/blobs/" + digest).then().body("code", equalTo(status == 403 ? "embargoed" : "blob_not_found"));
        });
    }

    /** A request with a token goes to the resource, kept answer or not: one that is not valid is refused. */
    @Test
    void requestsWithATokenAreNotAnsweredFromMemory() {
        Content content = published(3_000, 2441);
        keep(content);
        given().header("Authorization", "Bearer not-a-token").get(content.url()).then().statusCode(401);
        given().header("Authorization", "Bearer not-a-token").head(content.url()).then().statusCode(401);
        assertThat(given().header("Authorization", AUTH).get(content.url()).then().statusCode(200).extract().asByteArray())
                .isEqualTo(content.bytes());
    }

    /**
     * Content up to {@link SmallBlobAnswers#LIMIT} bytes is kept, larger content is read from storage every time: once
     * both stored copies went bad, the kept one is still served whole and right, the other is refused.
     */
    @Test
    void onlySmallContentIsKept() throws IOException {
        Content small = published(SmallBlobAnswers.LIMIT, 2451);
        Content large = published(SmallBlobAnswers.LIMIT + 1, 2452);
        keep(small);
        keep(large);
        for (Content content : List.of(small, large)) {
            byte[] flipped = content.bytes().clone();
            flipped[100] ^= 1;
            store.put(StorageLayout.blob(content.digest()), new ByteArrayInputStream(flipped));
        }
        try {
            assertThat(given().get(small.url()).then().statusCode(200).extract().asByteArray()).isEqualTo(small.bytes());
            given().get(large.url()).then().statusCode(500).body("code", equalTo("integrity_error"));
        } finally {
            repair(small);
            repair(large);
        }
    }

    /** Bytes are kept only once read whole and proven: damaged ones are refused and flagged, never kept. */
    @Test
    void damagedBytesAreNeverKept() throws IOException {
        Content content = published(3_000, 2461);
        byte[] flipped = content.bytes().clone();
        flipped[0] ^= 1;
        store.put(StorageLayout.blob(content.digest()), new ByteArrayInputStream(flipped));
        try {
            for (int i = 0; i < 3; i++) {
                given().get(content.url()).then().statusCode(500).body("code", equalTo("integrity_error"));
            }
            assertThat(conditions.damage(content.digest())).contains(BlobConditions.Outcome.corrupt);
        } finally {
            repair(content);
        }
        assertThat(given().get(content.url()).then().statusCode(200).extract().asByteArray()).isEqualTo(content.bytes());
    }

    private static Content published(int size, long seed) {
        byte[] bytes = Bytes.random(size, seed);
        String model = Deposits.published("1", Map.of("w.bin", bytes));
        return new Content(model, Digest.parse(Bytes.sha256(bytes)), bytes);
    }

    /** A draft 1 of {@code model} holding fresh bytes as w.bin; answers their digest. */
    private static Digest deposit(String model, long seed) {
        byte[] bytes = Bytes.random(3_000, seed);
        Deposits.createVersion(model, "1").statusCode(201);
        Deposits.putFile(model, "1", "w.bin", bytes).statusCode(201);
        return Digest.parse(Bytes.sha256(bytes));
    }

    /** Reads the content anonymously until its answer is kept and answered from memory. */
    private static void keep(Content content) {
        for (int i = 0; i < 3; i++) {
            assertThat(given().get(content.url()).then().statusCode(200).extract().asByteArray()).isEqualTo(content.bytes());
        }
    }

    private static void withdraw(Content content) {
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("reason", "superseded"))
                .post("/api/v1/models/" + content.model() + "/versions/1/withdraw").then().statusCode(200);
    }

    private static void assertRefused(Content content, int status, String code) {
        given().get(content.url()).then().statusCode(status).body("code", equalTo(code));
        given().head(content.url()).then().statusCode(status);
    }

    /** The good bytes back in storage, and on record as checked good, for the tests that follow. */
    private void repair(Content content) throws IOException {
        store.put(StorageLayout.blob(content.digest()), new ByteArrayInputStream(content.bytes()));
        conditions.record(content.digest(), BlobConditions.Copy.primary, BlobConditions.Outcome.ok, "repaired by the test", "repair");
    }

    /** Same status, body and headers, but for those that differ between any two answers. */
    private static void assertSameAnswer(Response actual, Response expected) {
        assertThat(actual.statusCode()).isEqualTo(expected.statusCode());
        assertThat(headers(actual)).isEqualTo(headers(expected));
        assertThat(actual.asByteArray()).isEqualTo(expected.asByteArray());
    }

    private static Map<String, List<String>> headers(Response answer) {
        return answer.headers().asList().stream().filter(h -> !PER_ANSWER.contains(h.getName().toLowerCase(Locale.ROOT)))
                .collect(Collectors.groupingBy(h -> h.getName().toLowerCase(Locale.ROOT), TreeMap::new,
                        Collectors.mapping(Header::getValue, Collectors.toList())));
    }
}
