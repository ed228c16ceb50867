package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.stele.support.Deposits.AUTH;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stele.domain.Timestamps;
import org.stele.support.Bytes;
import org.stele.support.Deposits;
import org.stele.support.NoGracePeriod;

/** Garbage collection by itself: due once per {@code stele.gc.every}, however often instances look. */
@QuarkusTest
@TestProfile(ScheduledGarbageCollectionTest.EveryThreeSeconds.class)
class ScheduledGarbageCollectionTest {
    /** No grace period; instances look every second, a collection is due three seconds after the last. */
    public static class EveryThreeSeconds extends NoGracePeriod {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("stele.gc.scheduled", "true");
            config.put("stele.gc.every", "3s");
            config.put("stele.gc.tick", "1s");
            return config;
        }
    }

    @Inject
    EntityManager entityManager;

    @Test
    void unreferencedBytesGoByThemselvesAndRunsKeepTheirInterval() throws Exception {
        String model = "lab/" + Deposits.uniqueName("sched");
        Deposits.createModel("lab", model.substring(4)).statusCode(201);
        Deposits.createVersion(model, "1.0").statusCode(201);
        byte[] held = Bytes.random(4000, 71), loose = Bytes.random(4000, 72);
        Deposits.putFile(model, "1.0", "w.bin", held).statusCode(201);
        given().header("Authorization", AUTH).body(loose).post("/api/v1/blobs").then().statusCode(201);

        PreservationApiTest.await("the loose blob collected", () ->
                given().header("Authorization", AUTH).get("/api/v1/blobs/" + Bytes.sha256(loose)).statusCode() == 404);
        assertThat(events("gc_delete", Bytes.sha256(loose))).singleElement()
                .satisfies(actor -> assertThat(actor).isEqualTo("system"));
        given().header("Authorization", AUTH).get("/api/v1/blobs/" + Bytes.sha256(held)).then().statusCode(200);

        // Instances look every second; the runs still keep three seconds apart.
        Thread.sleep(7000);
        List<Instant> runs = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "select at from audit_event where action = 'gc_run' and actor = 'system' order by at").getResultList())
                .stream().map(Timestamps::instant).toList();
        assertThat(runs).hasSizeGreaterThanOrEqualTo(2);
        for (int i = 1; i < runs.size(); i++) {
            assertThat(Duration.between(runs.get(i - 1), runs.get(i))).as("gap before run %d of %s", i, runs)
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        }
    }

    private List<String> events(String action, String target) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "select actor from audit_event where action = ?1 and target = ?2")
                .setParameter(1, action).setParameter(2, target).getResultList()).stream().map(String.class::cast).toList();
    }
}
