package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.stele.archive.preservation.UncommittedRecords;
import org.stele.domain.Identifier;
import org.stele.store.BlobStore;
import org.stele.store.StorageLayout;
import org.stele.support.ArchiveState;
import org.stele.support.Bytes;
import org.stele.support.Deposits;
import org.stele.support.OutageStorage;

/**
 * Storage killed or hung: every surface that needs it answers 503 storage_unavailable with Retry-After (the /hf surface
 * with the Hub's error headers), quickly, changes nothing, and service resumes by itself once storage is back.
 */
@QuarkusTest
@TestProfile(OutageStorage.class)
class StorageOutageTest {
    static final String AUTH = Deposits.AUTH;

    @Inject
    BlobStore store;

    @Inject
    UncommittedRecords uncommittedRecords;

    /** The requests that need storage, against a published model and a draft prepared while storage was up. */
    private static Map<String, Supplier<Response>> needingStorage(String published, String digest, String draft, String session) {
        Map<String, Supplier<Response>> requests = new java.util.LinkedHashMap<>();
        requests.put("GET blob by hash", () -> given().get("/api/v1/blobs/" + digest));
        requests.put("GET version file", () -> given().get("/api/v1/models/" + published + "/versions/1/files/w.bin"));
        requests.put("GET bag", () -> given().get("/api/v1/models/" + published + "/versions/1/bag"));
        requests.put("POST blob", () -> given().header("Authorization", AUTH).contentType("application/octet-stream")
                .body(Bytes.random(3_000, 1201)).post("/api/v1/blobs"));
        requests.put("PUT file", () -> given().header("Authorization", AUTH).contentType("application/octet-stream")
                .body(Bytes.random(2_000, 1202)).put("/api/v1/models/" + draft + "/versions/1/files/new.bin"));
        requests.put("PATCH chunk", () -> given().header("Authorization", AUTH).header("Content-Range", "bytes 0-999/*")
                .contentType("application/octet-stream").body(Bytes.random(1_000, 1203)).patch(session));
        requests.put("POST publish", () -> given().header("Authorization", AUTH)
                .post("/api/v1/models/" + draft + "/versions/1/publish"));
        requests.put("POST model", () -> Deposits.createModel("lab", Deposits.uniqueName("outage")).extract().response());
        requests.put("GET signature", () -> given().get("/api/v1/models/" + published + "/versions/1/signature"));
        return requests;
    }

    @Test
    void aStorageOutageAnswers503EverywhereChangesNothingAndPassesByItself() throws Exception {
        byte[] bytes = Bytes.random(20_000, 1200);
        String published = Deposits.published("1", Map.of("w.bin", bytes));
        String digest = PreservationApiTest.digest(bytes).toString();
        String draft = draft();
        String session = UploadApiTest.open();
        String pid = Deposits.version(published, "1").extract().path("pid");
        ArchiveState before = ArchiveState.of(store);
        double outages = ObservabilityTest.metric("stele_storage_errors_total{kind=\"unavailable\"}");

        OutageStorage.stop();
        try {
            needingStorage(published, digest, draft, session).forEach((what, request) -> {
                long start = System.nanoTime();
                Response answer = request.get();
                assertRefused(what, answer);
                assertThat(elapsedMillis(start)).as(what + " answered quickly").isLessThan(10_000);
            });
            hubRefuses(published);
            readinessSaysDown();
            // What needs only the catalog still answers.
            given().accept(ContentType.JSON).get("/pid/" + pid).then().statusCode(200);
            assertThat(ObservabilityTest.metric("stele_storage_errors_total{kind=\"unavailable\"}") - outages)
                    .as("outages counted apart").isGreaterThanOrEqualTo(9);
        } finally {
            OutageStorage.restart();
        }
        recovers(published, digest);
        assertThat(ArchiveState.of(store)).as("nothing changed").isEqualTo(before);
        Deposits.publish(draft, "1").statusCode(200);
    }

    @Test
    void aHungStorageTimesOutAnswers503AndLeavesNoRecordOfAFailedPublish() throws Exception {
        byte[] bytes = Bytes.random(15_000, 1210);
        String published = Deposits.published("1", Map.of("w.bin", bytes));
        String digest = PreservationApiTest.digest(bytes).toString();
        String draft = draft();
        String draftPid = Deposits.version(draft, "1").extract().path("pid");
        Map<String, String> catalog = ArchiveState.of(store).catalog();

        OutageStorage.server().suspend();
        try {
            for (String what : List.of("GET blob by hash", "POST blob", "POST publish")) {
                long start = System.nanoTime();
                assertRefused(what, needingStorage(published, digest, draft, "/api/v1/uploads/none").get(what).get());
                // A few storage calls of at most 2 s each, never minio's 5 minutes.
                assertThat(elapsedMillis(start)).as(what + " timed out").isLessThan(15_000);
            }
            hubRefuses(published);
            readinessSaysDown();
        } finally {
            OutageStorage.server().resume();
        }
        recovers(published, digest);
        assertThat(ArchiveState.of(store).catalog()).as("nothing changed in the catalog").isEqualTo(catalog);
        assertThat(Deposits.version(draft, "1").extract().<String>path("state")).isEqualTo("draft");
        // What the failed publish sent to the hung server may have landed once it woke; a pass removes it.
        PreservationApiTest.runPass();
        assertThat(store.list(StorageLayout.record(draftPid).replace(".json", ""))).as("no record of the draft").isEmpty();
        Deposits.publish(draft, "1").statusCode(200);
        assertThat(store.size(StorageLayout.record(draftPid))).isPresent();
    }

    /** A record no committed publish wrote (its removal failed during the outage) is removed by the next pass. */
    @Test
    void theRecordAuditRemovesRecordsNoCommittedPublishWrote() throws Exception {
        Leftover left = leftoverOfAnUncommittedPublish(1220);
        PreservationApiTest.runPass();
        left.assertRemovedAndCommittedKept();
        Deposits.publish(left.draft(), "1").statusCode(200);
        Deposits.version(left.draft(), "1").body("state", equalTo("published"));
    }

    /**
     * A publish killed between writing its record and committing leaves a record the dead process never removed: the
     * next start removes it (the same check as the pass, run once at start), and keeps every committed record.
     */
    @Test
    void aStartRemovesRecordsLeftByAPublishKilledBeforeItCommitted() throws Exception {
        Leftover left = leftoverOfAnUncommittedPublish(1221);
        // A record the catalog knows nothing of (as after a lost catalog, before its rebuild) is what a rebuild needs.
        String unknown = StorageLayout.record(Identifier.mint("10.5072", new Random()).toString());
        store.put(unknown, new ByteArrayInputStream("{\"kind\":\"version\"}".getBytes(StandardCharsets.UTF_8)));

        assertThat(uncommittedRecords.remove()).isEqualTo(2);
        left.assertRemovedAndCommittedKept();
        assertThat(store.size(unknown)).as("a record of nothing the catalog holds stays").isPresent();
        assertThat(uncommittedRecords.remove()).as("nothing more to remove").isZero();
        store.delete(unknown);
    }

    /** A draft whose record and signature are in storage as a publish that never committed leaves them, beside a published version. */
    private record Leftover(String draft, String draftPid, String publishedPid, BlobStore store) {
        void assertRemovedAndCommittedKept() throws IOException {
            assertThat(store.size(StorageLayout.record(draftPid))).as("the uncommitted record").isEmpty();
            assertThat(store.size(StorageLayout.versionSignature(draftPid))).as("its signature").isEmpty();
            assertThat(store.size(StorageLayout.record(publishedPid))).as("a committed record stays").isPresent();
            assertThat(store.size(StorageLayout.versionSignature(publishedPid))).as("and its signature").isPresent();
        }
    }

    private Leftover leftoverOfAnUncommittedPublish(int seed) throws IOException {
        String draft = draft();
        String draftPid = Deposits.version(draft, "1").extract().path("pid");
        String published = Deposits.published("1", Map.of("w.bin", Bytes.random(5_000, seed)));
        String publishedPid = Deposits.version(published, "1").extract().path("pid");
        store.put(StorageLayout.record(draftPid), new ByteArrayInputStream("{\"kind\":\"version\"}".getBytes(StandardCharsets.UTF_8)));
        store.put(StorageLayout.versionSignature(draftPid), new ByteArrayInputStream(new byte[] {1}));
        return new Leftover(draft, draftPid, publishedPid, store);
    }

    private static String draft() {
        String name = Deposits.uniqueName("draft");
        Deposits.createModel("lab", name).statusCode(201);
        String draft = "lab/" + name;
        Deposits.createVersion(draft, "1").statusCode(201);
        Deposits.putFile(draft, "1", "a.bin", Bytes.random(4_000, 1230)).statusCode(201);
        return draft;
    }

    private static void assertRefused(String what, Response answer) {
        assertThat(answer.statusCode()).as(what + ": " + answer.asString()).isEqualTo(503);
        assertThat(answer.contentType()).as(what).startsWith("application/problem+json");
        assertThat(answer.jsonPath().getString("code")).as(what).isEqualTo("storage_unavailable");
        assertThat(answer.header("Retry-After")).as(what).isEqualTo("5");
    }

    private static void hubRefuses(String published) {
        long start = System.nanoTime();
        Response answer = given().get("/hf/" + published + "/resolve/main/w.bin");
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(503);
        assertThat(answer.header("X-Error-Code")).isEqualTo("StorageUnavailable");
        assertThat(answer.header("X-Error-Message")).isNotBlank();
        assertThat(answer.header("Retry-After")).isEqualTo("5");
        assertThat(answer.jsonPath().getString("error")).isNotBlank();
        assertThat(elapsedMillis(start)).isLessThan(15_000);
    }

    private static void readinessSaysDown() {
        long start = System.nanoTime();
        Response ready = given().get("/q/health/ready");
        assertThat(elapsedMillis(start)).as("readiness answered within its bound").isLessThan(3_000);
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.jsonPath().getString("checks.find { it.name == 'storage' }.status")).isEqualTo("DOWN");
    }

    /** Back without a restart of the archive: ready again, and the bytes are served. */
    private static void recovers(String published, String digest) {
        PreservationApiTest.await("ready again", () -> given().get("/q/health/ready").statusCode() == 200);
        given().get("/api/v1/blobs/" + digest).then().statusCode(200);
        given().get("/api/v1/models/" + published + "/versions/1/files/w.bin").then().statusCode(200);
        given().get("/hf/" + published + "/resolve/main/w.bin").then().statusCode(200);
    }

    private static long elapsedMillis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
