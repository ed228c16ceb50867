package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.stele.archive.preservation.FixityAudit;
import org.stele.domain.Digest;
import org.stele.store.BlobStore;
import org.stele.store.ReplicaStore;
import org.stele.support.Bytes;
import org.stele.support.Deposits;
import org.stele.support.FilesystemReplica;
import org.stele.store.StorageLayout;

/**
 * Fixity and replication end to end, on real stores: damage a stored byte and remove a stored blob, and the archive
 * refuses to serve them, reports them (admin API, readiness, metrics, audit trail) and repairs them from its replica.
 */
@QuarkusTest
@TestProfile(FilesystemReplica.class)
class PreservationApiTest {
    static final String AUTH = Deposits.AUTH;

    @Inject
    BlobStore primary;

    @Inject
    ReplicaStore replicas;

    @Inject
    EntityManager entityManager;

    @Inject
    AgroalDataSource dataSource;

    @TestHTTPResource("/")
    URL base;

    @Test
    void damageIsRefusedReportedAndRepairedFromTheReplica() throws Exception {
        byte[] big = Bytes.random(3 << 20, 801);
        byte[] small = Bytes.random(300_000, 802);
        String model = Deposits.published("1.0", Map.of("weights.bin", big, "extra.bin", small));
        String pid = Deposits.version(model, "1.0").extract().path("pid");
        Digest corrupt = digest(big);
        Digest gone = digest(small);
        awaitReplicated();
        BlobStore replica = replicas.store().orElseThrow();
        assertThat(read(replica, corrupt)).isEqualTo(big);

        // Damage both copies' chances: the replica loses its copies for now, the primary is corrupted and loses one.
        replica.delete(StorageLayout.blob(corrupt));
        replica.delete(StorageLayout.blob(gone));
        byte[] flipped = big.clone();
        flipped[big.length / 2] ^= 0x01;
        primary.put(StorageLayout.blob(corrupt), new ByteArrayInputStream(flipped));
        primary.delete(StorageLayout.blob(gone));

        // Not yet known: the download streams, then fails instead of completing with the wrong bytes.
        String download = "/api/v1/models/" + model + "/versions/1.0/files/weights.bin";
        assertThat(fetch(download)).as("a corrupt download must not complete").isNotEqualTo("200 complete");
        // Now known: refused up front on every surface.
        refused("/api/v1/blobs/" + corrupt);
        refused(download);
        given().get("/hf/" + model + "/resolve/main/weights.bin").then().statusCode(500);
        given().head("/hf/" + model + "/resolve/main/weights.bin").then().statusCode(500).header("X-Repo-Commit", notNullValue());
        refused("/api/v1/blobs/" + gone);
        // The version's deposit package is refused up front too, not cut off midway.
        given().get("/api/v1/models/" + model + "/versions/1.0/bag").then().statusCode(500).body("code", equalTo("integrity_error"));

        long pass = runPass();
        JsonPath report = fixity();
        assertThat(report.getLong("lastPass.id")).isEqualTo(pass);
        assertThat(report.getLong("lastPass.damaged")).isGreaterThanOrEqualTo(2);
        assertThat(failing(report, corrupt)).containsEntry("outcome", "corrupt");
        assertThat(failing(report, gone)).containsEntry("outcome", "missing");
        List<Map<String, Object>> affects = (List<Map<String, Object>>) failing(report, gone).get("affects");
        assertThat(affects).singleElement().satisfies(a -> {
            assertThat(a).containsEntry("model", model).containsEntry("version", "1.0").containsEntry("identifier", pid)
                    .containsEntry("path", "extra.bin");
        });
        JsonPath ready = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
        assertThat(ready.getString("status")).isEqualTo("UP");
        assertThat(ready.getString("checks.find { it.name == 'fixity' }.data.status")).isEqualTo("degraded");
        assertThat(ready.getLong("checks.find { it.name == 'fixity' }.data.damaged_blobs")).isGreaterThanOrEqualTo(2);
        await("failures metric", () -> ObservabilityTest.metric("stele_fixity_failures") >= 2);
        assertThat(ObservabilityTest.metric("stele_fixity_checked_total")).isGreaterThanOrEqualTo(2);
        assertThat(auditCount("blob.damaged", corrupt)).isEqualTo(1);
        assertThat(auditCount("blob.damaged", gone)).isEqualTo(1);

        // The replica's copies come back (as from a backup site): the next pass proves them and repairs the primary.
        replica.put(StorageLayout.blob(corrupt), new ByteArrayInputStream(big));
        replica.put(StorageLayout.blob(gone), new ByteArrayInputStream(small));
        runPass();
        report = fixity();
        assertThat(failingDigests(report)).doesNotContain(corrupt.toString(), gone.toString());
        assertThat(read(primary, corrupt)).isEqualTo(big);
        assertThat(read(primary, gone)).isEqualTo(small);
        assertThat(given().get(download).then().statusCode(200).extract().asByteArray()).isEqualTo(big);
        assertThat(given().get("/api/v1/blobs/" + gone).then().statusCode(200).extract().asByteArray()).isEqualTo(small);
        assertThat(auditCount("blob.repaired", corrupt)).isEqualTo(1);
        assertThat(auditCount("blob.repaired", gone)).isEqualTo(1);
        assertThat(ObservabilityTest.metric("stele_fixity_repairs_total")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aDamagedReplicaCopyIsReplacedFromThePrimary() throws Exception {
        byte[] bytes = Bytes.random(200_000, 803);
        Deposits.published("1", Map.of("w.bin", bytes));
        Digest digest = digest(bytes);
        awaitReplicated();
        BlobStore replica = replicas.store().orElseThrow();
        byte[] flipped = bytes.clone();
        flipped[7] ^= 0x40;
        replica.put(StorageLayout.blob(digest), new ByteArrayInputStream(flipped));

        runPass();
        await("replica copy repaired", () -> {
            try {
                return java.util.Arrays.equals(read(replica, digest), bytes);
            } catch (IOException e) {
                return false;
            }
        });
        await("repair audited", () -> auditCount("blob.repaired", digest, "replica") == 1);
        assertThat(auditCount("blob.damaged", digest, "replica")).isEqualTo(1);
        assertThat(read(primary, digest)).isEqualTo(bytes);
    }

    /** Damage to replica copies counts too: it is redundancy lost, shown by readiness and metrics until proven good. */
    @Test
    void damagedReplicaCopiesShowInReadinessAndMetrics() {
        byte[] bytes = Bytes.random(20_000, 811);
        Digest digest = digest(bytes);
        BlobApiTest.upload(bytes).then().statusCode(201);
        awaitReplicated();
        // As another instance's pass would record it (the copy itself is fine, so the next pass clears it).
        QuarkusTransaction.requiringNew().run(() -> assertThat(entityManager.createNativeQuery(
                "update blob_fixity set replica_outcome = 'corrupt', replica_checked_at = now() where digest = ?1")
                .setParameter(1, digest.toString()).executeUpdate()).isEqualTo(1));
        JsonPath ready = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
        assertThat(ready.getString("checks.find { it.name == 'fixity' }.data.status")).isEqualTo("degraded");
        assertThat(ready.getLong("checks.find { it.name == 'fixity' }.data.damaged_replica_copies")).isGreaterThanOrEqualTo(1);
        await("replica failures metric", () -> ObservabilityTest.metric("stele_fixity_replica_failures") >= 1);

        runPass();
        assertThat(failingDigests(fixity())).doesNotContain(digest.toString());
        assertThat(auditCount("blob.recovered", digest, "replica")).isEqualTo(1);
    }

    @Test
    void uploadingTheSameBytesAgainRepairsALostBlob() throws Exception {
        byte[] bytes = Bytes.random(70_000, 807);
        Digest digest = digest(bytes);
        BlobApiTest.upload(bytes).then().statusCode(201);
        awaitReplicated();
        primary.delete(StorageLayout.blob(digest));
        replicas.store().orElseThrow().delete(StorageLayout.blob(digest));
        // No version holds the bytes: they are their uploader's (the admin's) to read.
        refused("/api/v1/blobs/" + digest, AUTH);
        refused("/api/v1/blobs/" + digest, AUTH); // known now, refused before any byte is read

        BlobApiTest.upload(bytes).then().statusCode(200);
        assertThat(given().header("Authorization", AUTH).get("/api/v1/blobs/" + digest).then().statusCode(200).extract().asByteArray()).isEqualTo(bytes);
        assertThat(auditCount("blob.repaired", digest)).isEqualTo(1);
        awaitReplicated(); // the replica, which had lost its copy too, gets the bytes again without waiting for a pass
        assertThat(read(replicas.store().orElseThrow(), digest)).isEqualTo(bytes);
        // Only now are both copies whole: until the replica's copy lands, its loss is rightly still on record.
        assertThat(failingDigests(fixity())).doesNotContain(digest.toString());
    }

    /**
     * Taken-down bytes are gone on purpose: fixity passes skip them (no damage, no alarm, no repair) and a copy still
     * queued for the replica when the takedown came is dropped, not retried forever.
     */
    @Test
    void takenDownBytesAreNeitherDamageNorReplicated() throws Exception {
        byte[] bytes = Bytes.random(9000, 808);
        Digest digest = digest(bytes);
        String model = Deposits.published("1.0", Map.of("w.bin", bytes));
        awaitReplicated();
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("reason", "rights holder's notice"))
                .post("/api/v1/models/" + model + "/versions/1.0/withdraw").then().statusCode(200);
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("reason", "court order 7"))
                .post("/api/v1/admin/models/" + model + "/versions/1.0/purge").then().statusCode(200);
        // As if the copy had been queued just before the takedown.
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "insert into replication_task (key, digest) values (?1, ?2)")
                .setParameter(1, StorageLayout.blob(digest)).setParameter(2, digest.toString()).executeUpdate());

        awaitReplicated();
        long pass = runPass();
        JsonPath report = fixity();
        assertThat(report.getLong("lastPass.id")).isEqualTo(pass);
        assertThat(failingDigests(report)).doesNotContain(digest.toString());
        assertThat(count("select count(*) from blob_fixity where digest = '" + digest + "' and (outcome <> 'ok' or replica_outcome <> 'ok')"))
                .isZero();
        assertThat(auditCount("blob.damaged", digest)).isZero();
        assertThat(replicas.store().orElseThrow().size(StorageLayout.blob(digest))).isEmpty();
        given().get("/api/v1/blobs/" + digest).then().statusCode(410).body("code", equalTo("blob_purged"));
    }

    /** A scheduled pass keeps its pace over the whole cycle; an admin asking for a pass now gets it at the cap. */
    @Test
    void anAdminsRunTakesOverAPacedScheduledPass() {
        Deposits.published("1", Map.of("p.bin", Bytes.random(5000, 809), "q.bin", Bytes.random(5000, 810)));
        runPass(); // nothing left running
        // A scheduled pass that counted one byte at its start: after its first blob it is ahead of its 30-day pace.
        long scheduled = QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "insert into fixity_pass (trigger, total_blobs, total_bytes) values ('scheduled', 1, 1) returning id")
                .getSingleResult()).longValue());
        JsonPath answer = given().header("Authorization", AUTH).post("/api/v1/admin/fixity/run").then().statusCode(202)
                .extract().jsonPath();
        assertThat(answer.getBoolean("started")).isFalse();
        assertThat(answer.getLong("pass.id")).isEqualTo(scheduled);
        assertThat(answer.getString("pass.trigger")).isEqualTo("manual");
        await("the taken-over pass finished", () -> fixity().get("lastPass.id") instanceof Number id && id.longValue() == scheduled);
        assertThat(fixity().getLong("lastPass.checked")).isGreaterThanOrEqualTo(2);
    }

    /**
     * The documents a rebuild needs are proven by every pass too: an altered record, a missing one and a garbled model
     * document are written again from the catalog (equal to what the resolver answers); an intact one is left alone.
     */
    @Test
    void damagedRecordsAreWrittenAgainFromTheCatalog() throws Exception {
        String altered = Deposits.published("1", Map.of("a.bin", Bytes.random(1000, 812)));
        String missing = Deposits.published("1", Map.of("b.bin", Bytes.random(1000, 813)));
        String intact = Deposits.published("1", Map.of("c.bin", Bytes.random(1000, 814)));
        String alteredPid = Deposits.version(altered, "1").extract().path("pid");
        String missingPid = Deposits.version(missing, "1").extract().path("pid");
        String intactPid = Deposits.version(intact, "1").extract().path("pid");
        String concept = given().get("/api/v1/models/" + missing).then().statusCode(200).extract().path("conceptPid");
        // Every copy written first: a replica copy still on its way would be completed by the pass, and counted as a repair.
        awaitReplicated();
        String key = StorageLayout.record(alteredPid);
        String text;
        try (InputStream in = primary.get(key, 0, -1)) {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(text).contains("\"a.bin\"");
        primary.put(key, new ByteArrayInputStream(text.replace("\"a.bin\"", "\"evil.bin\"").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        primary.delete(StorageLayout.record(missingPid));
        primary.put(StorageLayout.record(concept), new ByteArrayInputStream("{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        runPass();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String pid : List.of(alteredPid, missingPid, intactPid)) {
            String resolved = given().accept("application/json").get("/pid/" + pid).then().statusCode(200).extract().asString();
            try (InputStream stored = primary.get(StorageLayout.record(pid), 0, -1)) {
                assertThat(json.readTree(stored)).as(pid).isEqualTo(json.readTree(resolved));
            }
        }
        try (InputStream stored = primary.get(StorageLayout.record(concept), 0, -1)) {
            assertThat(json.readTree(stored).path("pid").asText()).isEqualTo(concept);
        }
        assertThat(recordRepairs(alteredPid)).isEqualTo(1);
        assertThat(recordRepairs(missingPid)).isEqualTo(1);
        assertThat(recordRepairs(concept)).isEqualTo(1);
        assertThat(recordRepairs(intactPid)).isZero();
    }

    /**
     * The catalog keeps the digest of every record as written, so an edit that leaves identifier, state and files alone
     * (a title) is found in either copy by one pass and replaced from the copy that matches; edited in both, the record
     * is written again from the catalog. The edited title is never served, copied or kept.
     */
    @Test
    void editedRecordsAreFoundInEitherCopyAndRepairedFromTheCopyThatMatches() throws Exception {
        BlobStore copy = replicas.store().orElseThrow();
        Map<String, String> pids = new java.util.LinkedHashMap<>();
        for (String damage : List.of("primary", "replica", "both", "deleted")) {
            String model = Deposits.published("1", Map.of(damage + ".bin", Bytes.random(500, damage.hashCode())));
            pids.put(damage, Deposits.version(model, "1").extract().path("pid"));
        }
        awaitReplicated();
        Map<String, byte[]> originals = new java.util.HashMap<>();
        for (String pid : pids.values()) {
            originals.put(pid, bytes(primary, StorageLayout.record(pid)));
        }
        long before = runPass();
        assertThat(fixity().getLong("lastPass.recordsRepaired")).as("an intact archive needs no repair").isZero();

        retitle(primary, pids.get("primary"));
        retitle(copy, pids.get("replica"));
        retitle(primary, pids.get("both"));
        retitle(copy, pids.get("both"));
        primary.delete(StorageLayout.record(pids.get("deleted")));
        long pass = runPass();

        assertThat(pass).isGreaterThan(before);
        assertThat(fixity().getLong("lastPass.recordsRepaired")).isEqualTo(4);
        for (String damage : List.of("primary", "replica", "deleted")) {
            String pid = pids.get(damage);
            assertThat(bytes(primary, StorageLayout.record(pid))).as(damage).isEqualTo(originals.get(pid));
            assertThat(bytes(copy, StorageLayout.record(pid))).as(damage).isEqualTo(originals.get(pid));
        }
        assertThat(repairs(pids.get("primary"), "primary", "the replica copy")).isEqualTo(1);
        assertThat(repairs(pids.get("deleted"), "primary", "the replica copy")).isEqualTo(1);
        assertThat(repairs(pids.get("replica"), "replica", "the primary copy")).isEqualTo(1);
        assertThat(repairs(pids.get("both"), "primary", "the catalog")).isEqualTo(1);
        awaitReplicated();
        String both = pids.get("both");
        byte[] rewritten = bytes(primary, StorageLayout.record(both));
        assertThat(bytes(copy, StorageLayout.record(both))).isEqualTo(rewritten);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(json.readTree(rewritten).path("title").asText()).isEqualTo(json.readTree(originals.get(both)).path("title").asText());
        for (String pid : pids.values()) {
            given().accept("application/json").get("/pid/" + pid).then().statusCode(200).body("title", org.hamcrest.Matchers.not("EDITED"));
        }
        runPass();
        assertThat(fixity().getLong("lastPass.recordsRepaired")).as("the repairs hold").isZero();
    }

    /** Changes the title inside a stored record, as an intruder or a careless script would, leaving all else alone. */
    private static void retitle(BlobStore store, String pid) throws IOException {
        String key = StorageLayout.record(pid);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode record = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(bytes(store, key));
        record.put("title", "EDITED");
        store.put(key, new ByteArrayInputStream(json.writeValueAsBytes(record)));
    }

    private static byte[] bytes(BlobStore store, String key) throws IOException {
        try (InputStream in = store.get(key, 0, -1)) {
            return in.readAllBytes();
        }
    }

    private long repairs(String pid, String copy, String source) {
        return count("select count(*) from audit_event where action = 'record.repaired' and target = '" + pid
                + "' and details->>'copy' = '" + copy + "' and details->>'source' = '" + source + "'");
    }

    private long recordRepairs(String pid) {
        return count("select count(*) from audit_event where action = 'record.repaired' and target = '" + pid + "'");
    }

    @Test
    void recordsAreReplicatedToo() throws Exception {
        String model = Deposits.published("1", Map.of("w.bin", Bytes.random(1000, 804)));
        String pid = Deposits.version(model, "1").extract().path("pid");
        awaitReplicated();
        String key = StorageLayout.record(pid);
        try (InputStream copy = replicas.store().orElseThrow().get(key, 0, -1); InputStream original = primary.get(key, 0, -1)) {
            assertThat(copy.readAllBytes()).isEqualTo(original.readAllBytes()).isNotEmpty();
        }
    }

    @Test
    void concurrentTriggersShareOnePassWhichWaitsForTheInstanceHoldingTheLockAndResumesFromItsCursor() throws Exception {
        Deposits.published("1", Map.of("a.bin", Bytes.random(1000, 805), "b.bin", Bytes.random(1000, 806)));
        runPass(); // nothing left running from earlier tests
        try (Connection otherInstance = dataSource.getConnection()) {
            // Another instance at work: it holds the fixity lock (once this instance's scheduled tick, if one began, let go).
            await("the fixity lock taken by the other instance", () -> {
                try {
                    return advisory(otherInstance, "select pg_try_advisory_lock(?)");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long passesBefore = count("select count(*) from fixity_pass");
            ExecutorService clients = Executors.newFixedThreadPool(2);
            List<Future<JsonPath>> triggers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                triggers.add(clients.submit(() -> given().header("Authorization", AUTH).post("/api/v1/admin/fixity/run")
                        .then().statusCode(202).extract().jsonPath()));
            }
            JsonPath first = triggers.get(0).get();
            JsonPath second = triggers.get(1).get();
            clients.shutdown();
            assertThat(first.getLong("pass.id")).isEqualTo(second.getLong("pass.id"));
            assertThat(List.of(first.getBoolean("started"), second.getBoolean("started"))).containsExactlyInAnyOrder(true, false);
            assertThat(count("select count(*) from fixity_pass")).isEqualTo(passesBefore + 1);

            Thread.sleep(2500); // several ticks: this instance must not touch the pass while the lock is held elsewhere
            assertThat(fixity().getLong("running.checked")).isZero();
            // The other instance got halfway, then stopped: its cursor is in the pass.
            long id = first.getLong("pass.id");
            long total = count("select count(*) from blob");
            String cursor = (String) QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                    "select digest from blob order by digest offset " + (total / 2) + " limit 1").getSingleResult());
            long behind = count("select count(*) from blob where digest > '" + cursor + "'");
            QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                    "update fixity_pass set after_digest = ?1 where id = ?2").setParameter(1, cursor).setParameter(2, id).executeUpdate());
            assertThat(advisory(otherInstance, "select pg_advisory_unlock(?)")).isTrue();

            await("the pass finished here", () -> fixity().get("running") == null);
            JsonPath last = fixity();
            assertThat(last.getLong("lastPass.id")).isEqualTo(id);
            assertThat(last.getLong("lastPass.checked")).isEqualTo(behind);
        }
    }

    private static boolean advisory(Connection connection, String sql) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, FixityAudit.LOCK);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    @Test
    void adminEndpointsNeedAnAdminToken() {
        given().get("/api/v1/admin/fixity").then().statusCode(401);
        given().post("/api/v1/admin/fixity/run").then().statusCode(401);
        given().get("/api/v1/admin/replication").then().statusCode(401);
        long passes = count("select count(*) from fixity_pass");
        given().header("Authorization", "Bearer not-a-token").post("/api/v1/admin/fixity/run").then().statusCode(401);
        assertThat(count("select count(*) from fixity_pass")).isEqualTo(passes);
    }

    // ---- helpers

    static Digest digest(byte[] bytes) {
        return Digest.parse(Bytes.sha256(bytes));
    }

    static byte[] read(BlobStore store, Digest digest) throws IOException {
        try (InputStream in = store.get(StorageLayout.blob(digest), 0, -1)) {
            return in.readAllBytes();
        }
    }

    /** Known damage is refused by GET, and HEAD does not announce it as servable either. */
    static void refused(String path) {
        refused(path, null);
    }

    /** Refused as damaged to a caller with this Authorization header (none when null). */
    static void refused(String path, String auth) {
        java.util.function.Supplier<io.restassured.specification.RequestSpecification> as =
                () -> auth == null ? given() : given().header("Authorization", auth);
        as.get().get(path).then().statusCode(500).body("code", equalTo("integrity_error"));
        as.get().head(path).then().statusCode(500);
    }

    /** Downloads over a plain HTTP client and says how it ended: "200 complete" only for a whole, clean body. */
    String fetch(String path) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return response.statusCode() + (response.statusCode() == 200 ? " complete" : "");
        } catch (IOException e) {
            return "aborted: " + e;
        }
    }

    /** Starts a pass, waits for it to finish, answers its id. */
    static long runPass() {
        long id = given().header("Authorization", AUTH).post("/api/v1/admin/fixity/run").then().statusCode(202)
                .extract().jsonPath().getLong("pass.id");
        await("pass " + id + " finished", () -> {
            JsonPath report = fixity();
            return report.get("running") == null && report.get("lastPass") != null && report.getLong("lastPass.id") >= id;
        });
        return id;
    }

    static JsonPath fixity() {
        return given().header("Authorization", AUTH).get("/api/v1/admin/fixity").then().statusCode(200).extract().jsonPath();
    }

    static Map<String, Object> failing(JsonPath report, Digest digest) {
        List<Map<String, Object>> failing = report.getList("failing");
        return failing.stream().filter(f -> f.get("digest").equals(digest.toString())).findFirst()
                .orElseThrow(() -> new AssertionError(digest + " not reported failing: " + failing));
    }

    static List<String> failingDigests(JsonPath report) {
        return report.getList("failing.digest");
    }

    static void awaitReplicated() {
        try {
            await("replication backlog drained", () -> given().header("Authorization", AUTH).get("/api/v1/admin/replication")
                    .then().statusCode(200).extract().jsonPath().getLong("count") == 0);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + given().header("Authorization", AUTH).get("/api/v1/admin/replication")
                    .asString(), e);
        }
    }

    /** Audit events of {@code action} about the primary copy of a blob. */
    long auditCount(String action, Digest digest) {
        return auditCount(action, digest, "primary");
    }

    long auditCount(String action, Digest digest, String copy) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "select count(*) from audit_event where action = ?1 and target = ?2 and details->>'copy' = ?3")
                .setParameter(1, action).setParameter(2, digest.toString()).setParameter(3, copy).getSingleResult()).longValue());
    }

    long count(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(sql).getSingleResult()).longValue());
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos(); // generous: builds share a loaded machine
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
