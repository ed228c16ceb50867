package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stele.domain.Digest;
import org.stele.store.BlobStore;
import org.stele.store.ReplicaStore;
import org.stele.support.Bytes;
import org.stele.support.Deposits;
import org.stele.support.OutageReplica;
import org.stele.store.StorageLayout;

/** A replica outage delays copies and never loses them: the backlog grows while it is down and drains once it is back. */
@QuarkusTest
@TestProfile(OutageReplica.class)
class ReplicationOutageTest {
    @Inject
    ReplicaStore replicas;

    @Inject
    BlobStore primary;

    @Test
    void backlogGrowsDuringAnOutageThenDrains() throws Exception {
        byte[] early = Bytes.random(40_000, 899);
        BlobApiTest.upload(early).then().statusCode(201);
        Digest earlyDigest = PreservationApiTest.digest(early);
        PreservationApiTest.awaitReplicated();
        OutageReplica.stop();
        // Damage found during the outage: refused, and fixity passes still run although no repair is possible yet.
        byte[] flipped = early.clone();
        flipped[3] ^= 0x10;
        primary.put(StorageLayout.blob(earlyDigest), new ByteArrayInputStream(flipped));
        PreservationApiTest.runPass();
        PreservationApiTest.refused("/api/v1/blobs/" + earlyDigest, Deposits.AUTH); // no version holds it: the uploader's
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            contents.add(Bytes.random(50_000 + i, 900 + i));
        }
        String model = Deposits.published("1", Map.of("a.bin", contents.get(0), "b.bin", contents.get(1), "c.bin", contents.get(2)));
        String pid = Deposits.version(model, "1").extract().path("pid");

        PreservationApiTest.await("failed copies recorded", () -> {
            JsonPath backlog = backlog();
            return backlog.getLong("count") >= 4 && backlog.getLong("failing") >= 1 && backlog.get("lastError.error") != null;
        });
        JsonPath during = backlog();
        assertThat(during.getBoolean("configured")).isTrue();
        assertThat(during.getString("driver")).isEqualTo("s3");
        assertThat(during.getString("oldest")).isNotNull();
        PreservationApiTest.await("metric shows the backlog",
                () -> ObservabilityTest.metric("stele_replication_backlog") >= 4);

        OutageReplica.restart();
        PreservationApiTest.awaitReplicated();
        BlobStore replica = replicas.store().orElseThrow();
        for (byte[] content : contents) {
            assertThat(PreservationApiTest.read(replica, PreservationApiTest.digest(content))).isEqualTo(content);
        }
        assertThat(replica.size(StorageLayout.record(pid))).isPresent();
        assertThat(backlog().get("lastError") == null).isTrue();
        // Back online, the replica's copy repairs the damage found while it was away.
        PreservationApiTest.await("repaired after the outage", () -> given().header("Authorization", Deposits.AUTH).get("/api/v1/blobs/" + earlyDigest).statusCode() == 200);
        assertThat(PreservationApiTest.read(primary, earlyDigest)).isEqualTo(early);
        PreservationApiTest.await("metric shows the drained backlog",
                () -> ObservabilityTest.metric("stele_replication_backlog") == 0);
    }

    /** A takedown cannot finish while the replica is away; it then changes nothing, and succeeds once it is back. */
    @Test
    void aTakedownDuringAReplicaOutageChangesNothing() throws Exception {
        byte[] bytes = Bytes.random(30_000, 960);
        Digest digest = PreservationApiTest.digest(bytes);
        String model = Deposits.published("1", Map.of("w.bin", bytes));
        PreservationApiTest.awaitReplicated();
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body(Map.of("reason", "superseded"))
                .post("/api/v1/models/" + model + "/versions/1/withdraw").then().statusCode(200);
        String purge = "/api/v1/admin/models/" + model + "/versions/1/purge";
        OutageReplica.stop();
        try {
            int status = given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON)
                    .body(Map.of("reason", "court order")).post(purge).statusCode();
            assertThat(status).isGreaterThanOrEqualTo(500);
            assertThat(PreservationApiTest.read(primary, digest)).isEqualTo(bytes);
            // Withdrawn, not purged: by digest the bytes answer withdrawn (410), never blob_purged.
            given().header("Authorization", Deposits.AUTH).get("/api/v1/blobs/" + digest).then().statusCode(410)
                    .body("code", org.hamcrest.Matchers.equalTo("withdrawn"));
            String pid = Deposits.version(model, "1").extract().path("pid");
            assertThat(primary.size(StorageLayout.takedown(pid))).as("no takedown document").isEmpty();
        } finally {
            OutageReplica.restart();
        }
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body(Map.of("reason", "court order"))
                .post(purge).then().statusCode(200);
        assertThat(primary.size(StorageLayout.blob(digest))).isEmpty();
        assertThat(replicas.store().orElseThrow().size(StorageLayout.blob(digest))).isEmpty();
    }

    @Test
    void scheduledPassesWalkTheWholeStoreByThemselves() {
        byte[] bytes = Bytes.random(10_000, 950);
        Deposits.published("1", Map.of("w.bin", bytes));
        String digest = PreservationApiTest.digest(bytes).toString();
        PreservationApiTest.await("a scheduled pass checked the new blob", () -> {
            JsonPath report = PreservationApiTest.fixity();
            return report.get("lastPass") != null && "scheduled".equals(report.getString("lastPass.trigger"))
                    && report.getLong("totals.neverChecked") == 0;
        });
        JsonPath report = PreservationApiTest.fixity();
        assertThat(report.getLong("totals.checked")).isEqualTo(report.getLong("totals.blobs"));
        assertThat(report.getBoolean("settings.scheduled")).isTrue();
        assertThat(digest).isNotIn(report.getList("failing.digest"));
    }

    static JsonPath backlog() {
        return given().header("Authorization", Deposits.AUTH).get("/api/v1/admin/replication").then().statusCode(200)
                .extract().jsonPath();
    }
}
