package org.stele.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.stele.support.Deposits.AUTH;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.stele.domain.Digest;
import org.stele.store.BlobStore;
import org.stele.support.Bytes;
import org.stele.support.Deposits;
import org.stele.support.Lab;

/**
 * "May this caller receive these bytes now?" asked of every version state on every read surface: native files,
 * the Hugging Face API, bags and blobs by hash. Each state has one decision, the same everywhere, answered with one
 * status: served (200), unknown to this caller (404, the code naming what was asked for: version, blob, model),
 * gone (410: withdrawn, or its bytes taken down), embargoed (403) or damaged (500). The Hugging Face API speaks its
 * clients' protocol: unknown is RepoNotFound/RevisionNotFound (401 to anonymous callers, as on the Hub), gone is
 * 403 DisabledRepo.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServabilityAcrossSurfacesTest {
    /** How the Hugging Face API spells each refusal (X-Error-Code), as its clients expect. */
    private static final Map<String, String> HUB = Map.of(
            "DisabledRepo", "gone 410", "Embargoed", "embargoed 403", "IntegrityError", "damaged 500",
            "RevisionNotFound", "unknown 404", "RepoNotFound", "unknown 404");
    /** The decision each problem code stands for, with the status every native surface answers it with. */
    private static final Map<String, String> DECISION = Map.of(
            "version_not_found", "unknown 404", "blob_not_found", "unknown 404", "model_not_found", "unknown 404",
            "withdrawn", "gone 410", "blob_purged", "gone 410", "embargoed", "embargoed 403", "integrity_error", "damaged 500");

    @Inject
    BlobStore store;

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL testUrl;

    private Lab lab;
    private String readerToken;
    private byte[] intact;
    /** A version in each state: its model ({@code ns/name}), label and the digest of its one file, w.bin. */
    private final Map<String, Scene> scenes = new LinkedHashMap<>();

    record Scene(String model, String label, Digest digest) {
    }

    /** What a caller is told on one surface: "served", or the refusal's code. */
    record Decision(String surface, String outcome) {
    }

    /** The scenes, set up once over HTTP (RestAssured knows the test port only once a test runs). */
    private synchronized void setUp() throws Exception {
        if (lab != null) {
            return;
        }
        lab = Lab.create("serve");
        readerToken = Lab.token(lab.reader, List.of("read"));
        scenes.put("published", version("published", v -> { }));
        scenes.put("draft", draft());
        scenes.put("withdrawn", version("withdrawn", v -> withdraw(v)));
        scenes.put("taken down", version("taken-down", v -> {
            withdraw(v);
            given().header("Authorization", AUTH).contentType("application/json").body(Map.of("reason", "court order"))
                    .post("/api/v1/admin/models/" + v.model + "/versions/" + v.label + "/purge").then().statusCode(200);
        }));
        scenes.put("embargoed", embargoed());
        scenes.put("restricted", restricted());
        scenes.put("damaged", version("damaged", this::damage));
    }

    @Test
    void anonymousReadersGetOneDecisionPerStateOnEverySurface() throws Exception {
        setUp();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("published", "served");
        expected.put("draft", "unknown");
        expected.put("withdrawn", "gone");
        expected.put("taken down", "gone");
        expected.put("embargoed", "embargoed");
        expected.put("restricted", "unknown");
        expected.put("damaged", "damaged");
        assertEverySurface(null, expected);
    }

    @Test
    void namespaceReadersSeeEmbargoedAndRestrictedBytesButNeverWithdrawnOrDamagedOnes() throws Exception {
        setUp();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("published", "served");
        expected.put("withdrawn", "gone");
        expected.put("taken down", "gone");
        expected.put("embargoed", "served");
        expected.put("restricted", "served");
        expected.put("damaged", "damaged");
        assertEverySurface(readerToken, expected);
    }

    private void assertEverySurface(String token, Map<String, String> expected) {
        List<String> disagreements = new ArrayList<>();
        expected.forEach((state, outcome) -> {
            for (Decision decision : decisions(scenes.get(state), token)) {
                if (!decision.outcome().equals(outcome)) {
                    disagreements.add(state + " on " + decision.surface() + ": " + decision.outcome() + ", expected " + outcome);
                }
            }
        });
        assertThat(disagreements).as("surfaces that decide differently").isEmpty();
    }

    private List<Decision> decisions(Scene s, String token) {
        String model = s.model();
        return List.of(
                new Decision("native files", problem(get(token, "/api/v1/models/" + model + "/versions/" + s.label() + "/files/w.bin"))),
                new Decision("bag", problem(get(token, "/api/v1/models/" + model + "/versions/" + s.label() + "/bag"))),
                new Decision("hf resolve", hub(get(token, "/hf/" + model + "/resolve/" + s.label() + "/w.bin"))),
                new Decision("blob by hash", problem(get(token, "/api/v1/blobs/" + s.digest()))));
    }

    private static Response get(String token, String path) {
        var request = given().redirects().follow(false);
        if (token != null) {
            request.header("Authorization", token);
        }
        return request.get(path);
    }

    private static String problem(Response answer) {
        if (answer.statusCode() == 200) {
            answer.asByteArray();
            return "served";
        }
        String code = answer.jsonPath().getString("code");
        String decision = DECISION.getOrDefault(code, "code " + code);
        return decision.endsWith(" " + answer.statusCode()) ? decision.substring(0, decision.indexOf(' '))
                : decision + ", but answered " + answer.statusCode() + " " + code;
    }

    /** The Hugging Face answer, mapped back to the code it stands for. */
    private static String hub(Response answer) {
        if (answer.statusCode() == 200) {
            return "served";
        }
        String hubCode = answer.header("X-Error-Code");
        String decision = HUB.getOrDefault(hubCode, "hub code " + hubCode);
        boolean statusAsOnTheHub = decision.endsWith(" " + answer.statusCode())
                || hubCode.equals("DisabledRepo") && answer.statusCode() == 403
                || hubCode.equals("RepoNotFound") && answer.statusCode() == 401;
        return statusAsOnTheHub ? decision.substring(0, decision.indexOf(' ')) : decision + ", but answered " + answer.statusCode();
    }

    // ---- the scenes, each with bytes of its own so that no other version shares them

    private interface Step {
        void on(Scene version) throws Exception;
    }

    private Scene version(String stem, Step after) throws Exception {
        String name = Deposits.uniqueName(stem);
        Deposits.createModel(lab.namespace, name).statusCode(201);
        Scene scene = deposit(lab.namespace + "/" + name, stem);
        Deposits.publish(scene.model(), scene.label()).statusCode(200);
        after.on(scene);
        return scene;
    }

    private Scene draft() {
        String name = Deposits.uniqueName("draft");
        Deposits.createModel(lab.namespace, name).statusCode(201);
        return deposit(lab.namespace + "/" + name, "draft");
    }

    private Scene deposit(String model, String stem) {
        byte[] bytes = (stem + " bytes " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        Deposits.createVersion(model, "1.0").statusCode(201);
        Deposits.putFile(model, "1.0", "w.bin", bytes).statusCode(201);
        return new Scene(model, "1.0", Digest.parse(Bytes.sha256(bytes)));
    }

    private Scene embargoed() {
        String name = Deposits.uniqueName("embargoed");
        Deposits.createModel(lab.namespace, name).statusCode(201);
        Scene scene = deposit(lab.namespace + "/" + name, "embargoed");
        given().header("Authorization", AUTH).contentType("application/json")
                .body(Map.of("embargoUntil", Instant.now().plus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString()))
                .patch("/api/v1/models/" + scene.model() + "/versions/1.0").then().statusCode(200);
        Deposits.publish(scene.model(), "1.0").statusCode(200);
        return scene;
    }

    private Scene restricted() {
        String name = Deposits.uniqueName("restricted");
        given().header("Authorization", AUTH).contentType("application/json")
                .body(Map.of("namespace", lab.namespace, "name", name, "title", "Restricted", "license", "apache-2.0",
                        "visibility", "restricted"))
                .post("/api/v1/models").then().statusCode(201);
        Scene scene = deposit(lab.namespace + "/" + name, "restricted");
        Deposits.publish(scene.model(), "1.0").statusCode(200);
        return scene;
    }

    private static void withdraw(Scene v) {
        given().header("Authorization", AUTH).contentType("application/json").body(Map.of("reason", "superseded"))
                .post("/api/v1/models/" + v.model() + "/versions/" + v.label() + "/withdraw").then().statusCode(200);
    }

    /** Flips the stored bytes and lets a fixity pass find it, so the damage is known to the archive. */
    private void damage(Scene v) throws Exception {
        byte[] stored;
        try (var in = store.get(org.stele.store.StorageLayout.blob(v.digest()), 0, -1)) {
            stored = in.readAllBytes();
        }
        intact = stored.clone();
        stored[0] ^= 1;
        store.put(org.stele.store.StorageLayout.blob(v.digest()), new ByteArrayInputStream(stored));
        fixityPass();
    }

    /** The tests after this one find a healthy archive: the good bytes back, and a pass that sees them. */
    @AfterAll
    void repair() throws Exception {
        if (intact != null) {
            io.restassured.RestAssured.port = testUrl.getPort(); // after the last test Quarkus has reset RestAssured
            store.put(org.stele.store.StorageLayout.blob(scenes.get("damaged").digest()), new ByteArrayInputStream(intact));
            fixityPass();
            given().get("/api/v1/blobs/" + scenes.get("damaged").digest()).then().statusCode(200);
        }
    }

    private static void fixityPass() throws InterruptedException {
        long pass = given().header("Authorization", AUTH).post("/api/v1/admin/fixity/run").then().statusCode(202)
                .extract().jsonPath().getLong("pass.id");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            var report = given().header("Authorization", AUTH).get("/api/v1/admin/fixity").then().statusCode(200).extract().jsonPath();
            if (report.get("running") == null && report.get("lastPass") != null && report.getLong("lastPass.id") >= pass) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("fixity pass " + pass + " did not finish");
    }
}
