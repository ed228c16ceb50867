package org.stele.api.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.stele.support.Deposits.AUTH;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.URL;
import org.junit.jupiter.api.Test;
import org.stele.domain.Identifier;
import org.stele.store.BlobStore;
import org.stele.support.ArchiveState;
import org.stele.support.RawHttp;

/**
 * Hostile reads and what the HTTP layer refuses before any resource runs: every answer is problem+json with a stable
 * code, never a 500, never an empty body, and nothing changes. The refused writes are {@link HostileWritesTest}.
 */
@QuarkusTest
class HostileInputTest {
    @Inject
    BlobStore store;

    @TestHTTPResource("/")
    URL base;

    static ValidatableResponse problem(ValidatableResponse answer, int status, String code) {
        return answer.statusCode(status).contentType(startsWith(Problem.MEDIA_TYPE)).body("code", equalTo(code));
    }

    static void problem(RawHttp.Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.headers().get("content-type")).as(answer.toString()).startsWith(Problem.MEDIA_TYPE);
        assertThat(answer.body()).as(answer.toString()).contains("\"code\":\"" + code + "\"");
    }

    @Test
    void anIdentifierUnderAForeignPrefixIsNotFound() throws Exception {
        ArchiveState before = ArchiveState.of(store);
        problem(given().accept("application/json").get("/pid/99.9999/vav0-6f44").then(), 404, "invalid_identifier");
        problem(given().accept("application/json").get("/pid/99.9999/vav0-6f44?format=bagit").then(), 404, "invalid_identifier");
        String foreign = Identifier.mint("10.9999", new java.util.Random(23)).toString();
        problem(given().accept("application/json").get("/pid/" + foreign).then(), 404, "identifier_not_found");
        problem(given().accept("application/json").get("/pid/" + foreign + "?format=bagit").then(), 404, "identifier_not_found");
        assertThat(ArchiveState.of(store)).isEqualTo(before);
    }

    @Test
    void aNulInASearchIsRefused() {
        problem(given().urlEncodingEnabled(false).get("/api/v1/search?q=%00").then(), 400, "invalid_query");
        problem(given().urlEncodingEnabled(false).get("/api/v1/search?q=a&namespace=%00").then(), 400, "invalid_query");
    }

    @Test
    void numbersAndFlagsInTheQueryAreParsedStrictly() {
        problem(given().header("Authorization", AUTH).get("/api/v1/audit?limit=2147483648").then(), 400, "invalid_limit");
        problem(given().get("/api/v1/models?limit=abc").then(), 400, "invalid_limit");
        problem(given().get("/api/v1/blobs/sha256:" + "0".repeat(64) + "/versions?limit=1e3").then(), 400, "invalid_limit");
    }

    @Test
    void unknownRoutesMethodsAndMediaTypesAreProblems() {
        problem(given().get("/no-such-page").then(), 404, "not_found");
        problem(given().get("/api/v1/no-such-thing").then(), 404, "not_found");
        problem(given().get("/api/v2/models").then(), 404, "not_found");
        problem(given().delete("/api/v1/search").then(), 405, "method_not_allowed");
        problem(given().header("Authorization", AUTH).contentType("text/plain").body("x").post("/api/v1/models").then(), 415,
                "unsupported_media_type");
        problem(given().accept("image/png").get("/api/v1/models").then(), 406, "not_acceptable");
        problem(given().delete("/pid/10.5072/aaaa-aaaa").then(), 405, "method_not_allowed");
        problem(given().put("/").then(), 405, "method_not_allowed");
        problem(given().get("/q/no-such-thing").then(), 404, "not_found");
        problem(given().get("/models/a/b/c/d/e").then(), 404, "not_found");
    }

    @Test
    void whatTheCodecRefusesIsAProblemToo() {
        RawHttp raw = new RawHttp(base);
        String host = "Host: " + base.getHost() + ":" + base.getPort() + "\r\n";
        problem(raw.exchange("GET /api/v1/models?x=" + "a".repeat(HttpLimits.MAX_TARGET) + " HTTP/1.1\r\n" + host), 414, "uri_too_long");
        problem(raw.exchange("GET /api/v1/models HTTP/1.1\r\n" + host + "X-Big: " + "b".repeat(40_000) + "\r\n"), 431,
                "headers_too_large");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            many.append("X-H").append(i).append(": ").append("c".repeat(30)).append("\r\n");
        }
        problem(raw.exchange("GET /api/v1/models HTTP/1.1\r\n" + host + many), 431, "headers_too_large");
        // Within the limits, the same requests are served.
        assertThat(raw.exchange("GET /api/v1/models?x=" + "a".repeat(8000) + " HTTP/1.1\r\n" + host + "X-Big: " + "b".repeat(20_000)
                + "\r\n").status()).isEqualTo(200);
        // Past the codec's own limits no hook runs: Vert.x answers the bare status and closes (documented).
        assertThat(raw.exchange("GET /api/v1/models?x=" + "a".repeat(70_000) + " HTTP/1.1\r\n" + host).status()).isEqualTo(414);
    }

    @Test
    void aBodyPastTheLimitIsAProblem() {
        RawHttp raw = new RawHttp(base);
        problem(raw.exchange("POST /api/v1/blobs HTTP/1.1\r\nHost: " + base.getHost() + "\r\nAuthorization: " + AUTH
                + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 999999999999999999\r\n"), 413, "body_too_large");
    }
}
