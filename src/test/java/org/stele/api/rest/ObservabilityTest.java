package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.stele.support.Bytes;
import org.stele.support.Deposits;

/** Operators see what the archive does: Prometheus metrics and request ids. */
@QuarkusTest
class ObservabilityTest {

    static double metric(String name) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void bytesInAndOutAndPublicationsAreCounted() {
        double uploadedBefore = metric("stele_upload_bytes_total");
        double downloadedBefore = metric("stele_download_bytes_total");
        double publishedBefore = metric("stele_publish_total");
        byte[] bytes = Bytes.random(123_457, 70);
        String digest = BlobApiTest.upload(bytes).then().statusCode(201).extract().path("digest");
        given().header("Authorization", BlobApiTest.AUTH).get("/api/v1/blobs/" + digest).then().statusCode(200); // the uploader's
        given().header("Authorization", BlobApiTest.AUTH).header("Range", "bytes=0-99").get("/api/v1/blobs/" + digest).then().statusCode(206);
        assertThat(metric("stele_upload_bytes_total") - uploadedBefore).isEqualTo(123_457);
        assertThat(metric("stele_download_bytes_total") - downloadedBefore).isEqualTo(123_457 + 100);

        Deposits.published("1", Map.of("w.bin", Bytes.random(10, 71)));
        assertThat(metric("stele_publish_total") - publishedBefore).isEqualTo(1);
        assertThat(metric("stele_uploads_in_progress")).isZero();
        String text = given().get("/q/metrics").then().extract().asString();
        assertThat(text).contains("http_server_requests_seconds_count{").contains("uri=\"/api/v1/blobs/{digest}\"")
                .contains("agroal_");
    }

    @Test
    void requestIdsAreEchoedOrMinted() {
        given().header("X-Request-Id", "pipeline-42.run-7").get("/api/v1/models").then().statusCode(200)
                .header("X-Request-Id", "pipeline-42.run-7");
        given().get("/api/v1/models").then().header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
        given().header("X-Request-Id", "bad id with spaces\u0007").get("/api/v1/blobs/sha256:" + "0".repeat(64)).then()
                .statusCode(404).header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
    }
}
