package org.stele.api.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed API document is the served one: change the API, rebuild (mvn package) and commit openapi/. */
@QuarkusTest
class OpenApiDocumentTest {

    @Test
    void servedDocumentEqualsTheCommittedOne() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode served = json.readTree(given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString());
        JsonNode committed = json.readTree(Path.of("openapi/openapi.json").toFile());
        assertThat(served).as("openapi/openapi.json is stale: run ./mvnw package -DskipTests and commit openapi/")
                .isEqualTo(committed);
        assertThat(served.at("/paths").has("/api/v1/blobs")).isTrue();
    }
}
