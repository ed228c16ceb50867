package org.stele.api.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.stele.api.http.HostileInputTest.problem;
import static org.stele.support.Deposits.AUTH;
import static org.stele.support.Deposits.createModel;
import static org.stele.support.Deposits.createVersion;
import static org.stele.support.Deposits.uniqueName;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.stele.store.BlobStore;
import org.stele.support.ArchiveState;
import org.stele.support.Deposits;
import org.stele.support.RawHttp;

/**
 * Hostile writes: each is refused with problem+json and a stable code, and the archive (catalog and storage) is
 * exactly as before. On the filesystem driver (subclassed for S3).
 */
@QuarkusTest
class HostileWritesTest {
    @Inject
    BlobStore store;

    @TestHTTPResource("/")
    URL base;

    private static String draft() {
        String name = uniqueName("hostile");
        createModel("lab", name).statusCode(201);
        createVersion("lab/" + name, "1").statusCode(201);
        return "lab/" + name;
    }

    private static void raw(HttpResponse<byte[]> answer, int status, String code) {
        String body = new String(answer.body(), StandardCharsets.UTF_8);
        assertThat(answer.statusCode()).as(body).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).as(body).hasValueSatisfying(t -> assertThat(t).startsWith(Problem.MEDIA_TYPE));
        assertThat(body).contains("\"code\":\"" + code + "\"");
    }

    @Test
    void theRawPathGuardSeesThePathAsTheRouterWill() throws Exception {
        String m = draft();
        RawHttp raw = new RawHttp(base);
        ArchiveState before = ArchiveState.of(store);
        String files = "/v1/models/" + m + "/versions/1/files/";
        for (String path : List.of("//api" + files + "a/../guardbypass1", "/%61pi" + files + "a/../guardbypass2",
                "/%61%70%69" + files + "a/%2e%2e/guardbypass3", "/pid/../api" + files + "guardbypass4",
                "/api/v1/./models/" + m + "/versions/1/files/guardbypass5", "/api" + files.replace("/models/", "//models/") + "guardbypass6",
                "/%61pi" + files + "a%5Cb", "///api" + files + "x/../guardbypass7", "/%41pi" + files + "a/../guardbypass8", "/api" + files + "a/..;x=1/guardbypass10", "/api" + files + "a/.%2e/guardbypass11")) {
            raw(raw.send("PUT", path, "Authorization", AUTH, "Content-Type", "application/octet-stream"), 400, "invalid_path");
        }
        // An absolute-form target names the same path: guarded the same.
        HostileInputTest.problem(raw.exchange("PUT " + base.toString().replaceAll("/$", "") + "/api" + files
                + "a/../guardbypass9 HTTP/1.1\r\nHost: " + base.getHost() + "\r\nAuthorization: " + AUTH
                + "\r\nContent-Length: 0\r\nContent-Type: application/octet-stream\r\n"), 400, "invalid_path");
        assertThat(ArchiveState.of(store)).isEqualTo(before);
        // An encoded unreserved letter is the letter: such a path still works where it names a valid file.
        raw(raw.send("GET", "/%61pi" + files + "missing.bin", "Authorization", AUTH), 404, "file_not_found");
    }

    @Test
    void contentRangeIsCheckedForOverflowAndConsistency() throws Exception {
        String session = given().header("Authorization", AUTH).post("/api/v1/uploads").then().statusCode(201).extract().header("Location");
        given().header("Authorization", AUTH).header("Content-Range", "bytes 0-18/*").body(new byte[19]).patch(session).then().statusCode(204);
        ArchiveState before = ArchiveState.of(store);
        for (String range : List.of("bytes 19-99999999999999999999999/*", "bytes 99999999999999999999999-19/*", "bytes 19-23/3",
                "bytes 19-23/23", "bytes 19-23/99999999999999999999999", "bytes 19-9223372036854775807/*", "bytes 19-23/-5",
                "bytes -19-23/*")) {
            problem(given().header("Authorization", AUTH).header("Content-Range", range).body(new byte[5]).patch(session).then(),
                    400, "invalid_content_range");
        }
        assertThat(ArchiveState.of(store)).isEqualTo(before);
        // A consistent total is fine.
        given().header("Authorization", AUTH).header("Content-Range", "bytes 19-23/24").body(new byte[5]).patch(session).then()
                .statusCode(204).header("Upload-Offset", "24");
    }

    @Test
    void jsonOfTheWrongShapeIsAProblemNamingTheField() throws Exception {
        String m = draft();
        ArchiveState before = ArchiveState.of(store);
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        RawHttp raw = new RawHttp(base); // not RestAssured: its failure log would pretty-print the deep bodies
        for (String body : List.of("[1,2]", "[]", "\"x\"", "{\"namespace\":\"lab\",\"name\":\"x\",\"authors\":\"x\"}", deep,
                "{\"namespace\":\"lab\",\"name\":" + deep + "}", "{\"namespace\":\"lab\",\"keywords\":[" + deep + "]}",
                "{\"namespace\":", "", "{\"namespace\":\"lab\",\"name\":\"x\",\"title\":{}}",
                "{\"namespace\":\"lab\",\"name\":\"nul\",\"title\":\"a\\u0000b\",\"license\":\"mit\"}",
                "{\"namespace\":\"lab\",\"name\":\"nul\",\"title\":\"t\",\"license\":\"mit\",\"keywords\":[\"\\u0000\"]}")) {
            raw(raw.post("/api/v1/models", "application/json", body, "Authorization", AUTH), 400, body.isEmpty() ? "invalid_request" : "invalid_json");
        }
        problem(given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body("{\"namespace\":\"lab\",\"name\":\"x\",\"authors\":\"x\"}").post("/api/v1/models").then(), 400, "invalid_json")
                .body("detail", org.hamcrest.Matchers.containsString("authors"));
        problem(given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body("{\"version\":\"2\",\"embargoUntil\":\"tomorrow\"}").post("/api/v1/models/" + m + "/versions").then(), 400,
                "invalid_json").body("detail", org.hamcrest.Matchers.containsString("embargoUntil"));
        problem(given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body("{\"namespace\":\"lab\",\"name\":\"nul\",\"title\":\"a\\u0000b\",\"license\":\"mit\"}").post("/api/v1/models").then(),
                400, "invalid_json").body("detail", org.hamcrest.Matchers.containsString("title"));
        problem(given().header("Authorization", AUTH).contentType(ContentType.JSON).body("[1,2]")
                .post("/api/v1/models/" + m + "/versions").then(), 400, "invalid_json");
        assertThat(ArchiveState.of(store)).isEqualTo(before);
    }

    @Test
    void theLosersOfARaceForOneLabelAreToldTheVersionExists() throws Exception {
        String name = uniqueName("race");
        createModel("lab", name).statusCode(201);
        int racers = 8;
        CyclicBarrier start = new CyclicBarrier(racers);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                Callable<Response> create = () -> {
                    start.await();
                    return given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("version", "1.0"))
                            .post("/api/v1/models/lab/" + name + "/versions");
                };
                answers.add(pool.submit(create));
            }
            int created = 0;
            for (Future<Response> answer : answers) {
                Response r = answer.get();
                if (r.statusCode() == 201) {
                    created++;
                } else {
                    problem(r.then(), 409, "version_exists");
                }
            }
            assertThat(created).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        Deposits.version("lab/" + name, "1.0").statusCode(200);
    }
}
