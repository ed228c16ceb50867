package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.stele.support.Deposits.AUTH;
import static org.stele.support.Deposits.createModel;
import static org.stele.support.Deposits.createVersion;
import static org.stele.support.Deposits.publish;
import static org.stele.support.Deposits.putFile;
import static org.stele.support.Deposits.uniqueName;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.stele.store.BlobStore;
import org.stele.support.ArchiveState;
import org.stele.support.Bytes;
import org.stele.support.NoGracePeriod;
import org.stele.store.StorageLayout;

/** Garbage collection and takedowns with a grace period of 0, where a careless collector would lose bytes. */
@QuarkusTest
@TestProfile(NoGracePeriod.class)
class GarbageCollectionTest {
    @Inject
    BlobStore store;

    @Inject
    EntityManager entityManager;

    @Test
    void onlyUnreferencedBytesGoAndPublishedOnesNeverDo() throws Exception {
        String name = uniqueName("gc");
        createModel("lab", name).statusCode(201);
        String model = "lab/" + name;
        byte[] published = Bytes.random(5000, 1), draft = Bytes.random(5000, 2), withdrawn = Bytes.random(5000, 3);
        byte[] discarded = Bytes.random(5000, 4), loose = Bytes.random(5000, 5), replaced = Bytes.random(5000, 6);
        deposit(model, "1.0", Map.of("w.bin", published));
        publish(model, "1.0").statusCode(200);
        deposit(model, "2.0", Map.of("w.bin", withdrawn));
        publish(model, "2.0").statusCode(200);
        withdraw(model, "2.0");
        deposit(model, "3.0", Map.of("w.bin", replaced));
        putFile(model, "3.0", "w.bin", draft).statusCode(200); // replacing a path leaves the old bytes unreferenced
        deposit(model, "4.0", Map.of("w.bin", discarded));
        given().header("Authorization", AUTH).delete("/api/v1/models/" + model + "/versions/4.0").then().statusCode(204);
        upload(loose);
        List<String> kept = digests(published, draft, withdrawn);
        List<String> garbage = digests(discarded, loose, replaced);

        ArchiveState before = ArchiveState.of(store);
        long auditBefore = auditEvents();
        JsonPath dryRun = gc(true).statusCode(200).body("dryRun", equalTo(true)).extract().jsonPath();
        assertThat(dryRun.<String>getList("blobs.digest")).containsAll(garbage).doesNotContainAnyElementsOf(kept);
        assertThat(ArchiveState.of(store)).isEqualTo(before);
        assertThat(auditEvents()).isEqualTo(auditBefore);

        JsonPath run = gc(false).statusCode(200).body("dryRun", equalTo(false)).extract().jsonPath();
        assertThat(run.<String>getList("blobs.digest")).containsAll(garbage).doesNotContainAnyElementsOf(kept);
        assertThat(run.<String>getList("failed")).isEmpty();
        for (String digest : garbage) {
            given().get("/api/v1/blobs/" + digest).then().statusCode(404);
            assertThat(store.size(StorageLayout.blob(org.stele.domain.Digest.parse(digest)))).isEmpty();
            assertThat(auditEvents("gc_delete", digest)).isEqualTo(1);
        }
        for (String digest : kept) { // kept in storage, whatever may read them
            assertThat(store.size(StorageLayout.blob(org.stele.domain.Digest.parse(digest)))).as("bytes of " + digest).isPresent();
        }
        // A draft's bytes are its namespace's, so read as the admin; a withdrawn version's are served to no one.
        given().header("Authorization", AUTH).get("/api/v1/blobs/" + Bytes.sha256(draft)).then().statusCode(200);
        given().header("Authorization", AUTH).get("/api/v1/blobs/" + Bytes.sha256(withdrawn)).then().statusCode(410)
                .body("code", equalTo("withdrawn"));
        given().get("/api/v1/models/" + model + "/versions/1.0/files/w.bin").then().statusCode(200);
        given().header("Authorization", AUTH).get("/api/v1/models/" + model + "/versions/3.0/files/w.bin").then().statusCode(200);
        gc(false).statusCode(200).body("blobs.digest", not(hasItem(kept.get(0))));
    }

    /** JAX-RS would read any word but "true" as false and run the real thing: a flag that is not one is refused. */
    @Test
    void aDryRunFlagThatIsNotOneCollectsNothing() throws Exception {
        upload(Bytes.random(5000, 7)); // garbage at once: no grace period here
        ArchiveState before = ArchiveState.of(store);
        for (String flag : List.of("maybe", "1", "yes", "0")) {
            given().header("Authorization", AUTH).urlEncodingEnabled(false).post("/api/v1/admin/gc?dryRun=" + flag)
                    .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("invalid_request"));
        }
        assertThat(ArchiveState.of(store)).isEqualTo(before);
    }

    @Test
    void gcAndPurgeNeedAnAdminToken() {
        given().post("/api/v1/admin/gc?dryRun=true").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("reason", "x"))
                .post("/api/v1/admin/models/lab/none/versions/1/purge").then().statusCode(401);
    }

    /**
     * Many rounds of: upload a blob, then at the same moment attach it to a draft, upload it again and collect
     * garbage. Whatever wins, an attached file always downloads, and a blob that answers answers with its bytes.
     */
    @Test
    void gcNeverDeletesABlobAttachedConcurrently() throws Exception {
        String name = uniqueName("race");
        createModel("lab", name).statusCode(201);
        String model = "lab/" + name;
        createVersion(model, "1.0").statusCode(201);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        int attached = 0, collected = 0;
        List<String> paths = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        try {
            for (int round = 0; round < 40; round++) {
                byte[] bytes = Bytes.random(20_000 + round, 1000 + round);
                String digest = Bytes.sha256(bytes);
                upload(bytes);
                String path = "f" + round + ".bin";
                CyclicBarrier start = new CyclicBarrier(3);
                Future<Response> attach = pool.submit(() -> {
                    start.await();
                    return given().header("Authorization", AUTH).contentType(ContentType.JSON)
                            .body(Map.of("path", path, "digest", digest))
                            .post("/api/v1/models/" + model + "/versions/1.0/files");
                });
                Future<Response> reupload = pool.submit(() -> {
                    start.await();
                    return given().header("Authorization", AUTH).contentType("application/octet-stream").body(bytes)
                            .post("/api/v1/blobs");
                });
                // The collection starts up to 20 ms after the others, varying by round: with all three at once it
                // wins nearly every race on S3 (1 attach in 40 got in first), and the rounds must cover both orders.
                long gcDelay = (round % 5) * 5L;
                Future<Response> gc = pool.submit(() -> {
                    start.await();
                    Thread.sleep(gcDelay);
                    return given().header("Authorization", AUTH).post("/api/v1/admin/gc");
                });
                assertThat(gc.get().statusCode()).isEqualTo(200);
                assertThat(reupload.get().statusCode()).isIn(200, 201);
                Response attachAnswer = attach.get();
                if (attachAnswer.statusCode() == 201) {
                    attached++;
                    paths.add(path);
                    contents.add(bytes);
                } else {
                    assertThat(attachAnswer.statusCode()).as(attachAnswer.asString()).isEqualTo(404);
                    assertThat(attachAnswer.jsonPath().getString("code")).isEqualTo("blob_not_found");
                }
                // Bytes held only by a draft are the namespace's: read them as the admin.
                Response blob = given().header("Authorization", AUTH).get("/api/v1/blobs/" + digest);
                if (blob.statusCode() == 200) {
                    assertThat(blob.asByteArray()).isEqualTo(bytes);
                } else {
                    collected++;
                    assertThat(blob.statusCode()).isEqualTo(404);
                    assertThat(attachAnswer.statusCode()).isEqualTo(404);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        gc(false).statusCode(200);
        for (int i = 0; i < paths.size(); i++) {
            byte[] back = given().header("Authorization", AUTH).get("/api/v1/models/" + model + "/versions/1.0/files/" + paths.get(i))
                    .then().statusCode(200).extract().asByteArray();
            assertThat(back).isEqualTo(contents.get(i));
        }
        System.out.printf("gc race: %d of 40 attaches won, %d blobs collected first%n", attached, collected);
        assertThat(attached).as("attached %d, collected %d", attached, collected).isGreaterThan(0);
        if (!paths.isEmpty()) {
            publish(model, "1.0").statusCode(200);
        }
    }

    @Test
    void purgeRemovesAWithdrawnVersionsOwnBytesOnly() throws Exception {
        String name = uniqueName("takedown");
        createModel("lab", name).statusCode(201);
        String model = "lab/" + name;
        byte[] own = Bytes.random(3000, 11), shared = Bytes.random(3000, 12), other = Bytes.random(3000, 13);
        deposit(model, "1.0", Map.of("own.bin", own, "shared.bin", shared));
        publish(model, "1.0").statusCode(200);
        deposit(model, "2.0", Map.of("shared.bin", shared, "other.bin", other));
        publish(model, "2.0").statusCode(200);
        JsonPath v1 = given().get("/api/v1/models/" + model + "/versions/1.0").then().extract().jsonPath();
        String pid = v1.getString("pid");

        // Refusals change nothing: no reason, not withdrawn.
        ArchiveState before = ArchiveState.of(store);
        long audit = auditEvents();
        purge(model, "1.0", Map.of()).statusCode(400).contentType("application/problem+json").body("code", equalTo("invalid_reason"));
        purge(model, "1.0", Map.of("reason", " ")).statusCode(400).body("code", equalTo("invalid_reason"));
        purge(model, "1.0", Map.of("reason", "court order")).statusCode(409).body("code", equalTo("not_withdrawn"));
        assertThat(ArchiveState.of(store)).isEqualTo(before);
        assertThat(auditEvents()).isEqualTo(audit);
        given().get("/api/v1/blobs/" + Bytes.sha256(own)).then().statusCode(200);
        given().get("/api/v1/models/" + model + "/versions/1.0").then().body("state", equalTo("published"));

        withdraw(model, "1.0");
        String tombstone = given().accept("application/json").get("/pid/" + pid).then().statusCode(410).extract().asString();
        purge(model, "1.0", Map.of("reason", "court order 2026/17")).statusCode(200)
                .body("purged", equalTo(List.of(Bytes.sha256(own)))).body("kept", equalTo(List.of(Bytes.sha256(shared))));
        assertThat(auditEvents("purge", pid)).isEqualTo(1);
        given().get("/api/v1/blobs/" + Bytes.sha256(own)).then().statusCode(410).body("code", equalTo("blob_purged"));
        assertThat(store.size(StorageLayout.blob(org.stele.domain.Digest.parse(Bytes.sha256(own))))).isEmpty();
        given().get("/api/v1/models/" + model + "/versions/2.0/files/shared.bin").then().statusCode(200);
        // The identifier and its tombstone stay exactly as they were.
        assertThat(given().accept("application/json").get("/pid/" + pid).then().statusCode(410).extract().asString()).isEqualTo(tombstone);
        purge(model, "1.0", Map.of("reason", "again")).statusCode(409).body("code", equalTo("already_purged"));

        // Purged bytes cannot be attached by digest, garbage collection leaves the row, a new upload brings them back.
        createVersion(model, "3.0").statusCode(201);
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("path", "x.bin", "digest", Bytes.sha256(own)))
                .post("/api/v1/models/" + model + "/versions/3.0/files").then().statusCode(410).body("code", equalTo("blob_purged"));
        gc(false).statusCode(200);
        upload(own);
        assertThat(store.size(StorageLayout.blob(org.stele.domain.Digest.parse(Bytes.sha256(own))))).isPresent();
        // Back in storage, and still held only by the withdrawn version: not served by digest either.
        given().get("/api/v1/blobs/" + Bytes.sha256(own)).then().statusCode(410).body("code", equalTo("withdrawn"));
    }

    private static void deposit(String model, String label, Map<String, byte[]> files) {
        createVersion(model, label).statusCode(201);
        files.forEach((path, bytes) -> putFile(model, label, path, bytes).statusCode(201));
    }

    private static void withdraw(String model, String label) {
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("reason", "superseded"))
                .post("/api/v1/models/" + model + "/versions/" + label + "/withdraw").then().statusCode(200);
    }

    private static void upload(byte[] bytes) {
        given().header("Authorization", AUTH).contentType("application/octet-stream").body(bytes).post("/api/v1/blobs")
                .then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    private static io.restassured.response.ValidatableResponse gc(boolean dryRun) {
        return given().header("Authorization", AUTH).post("/api/v1/admin/gc" + (dryRun ? "?dryRun=true" : "")).then();
    }

    private static io.restassured.response.ValidatableResponse purge(String model, String label, Map<String, String> body) {
        return given().header("Authorization", AUTH).contentType(ContentType.JSON).body(body)
                .post("/api/v1/admin/models/" + model + "/versions/" + label + "/purge").then();
    }

    private static List<String> digests(byte[]... contents) {
        return java.util.Arrays.stream(contents).map(Bytes::sha256).toList();
    }

    private long auditEvents() {
        return QuarkusTransaction.requiringNew().call(() ->
                ((Number) entityManager.createNativeQuery("select count(*) from audit_event").getSingleResult()).longValue());
    }

    private long auditEvents(String action, String target) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "select count(*) from audit_event where action = ?1 and target = ?2")
                .setParameter(1, action).setParameter(2, target).getSingleResult()).longValue());
    }
}
