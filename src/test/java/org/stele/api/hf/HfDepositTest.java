package org.stele.api.hf;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.stele.support.Deposits.AUTH;
import static org.stele.support.Deposits.createVersion;
import static org.stele.support.Deposits.putFile;
import static org.stele.support.Deposits.uniqueName;
import static org.stele.support.Deposits.version;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stele.support.Bytes;
import org.stele.support.TestDatabase;

/** What the Hugging Face surface changes on the deposit side: hf_-prefixed tokens, and warnings on added files. */
@QuarkusTest
class HfDepositTest {

    @Test
    void aSteleTokenWithTheHfPrefixIsTheSameToken() {
        String name = uniqueName("hf-token");
        Map<String, Object> model = Map.of("namespace", "lab", "name", name, "title", "T", "license", "MIT");
        given().header("Authorization", "Bearer hf_wrong").contentType(ContentType.JSON).body(model)
                .post("/api/v1/models").then().statusCode(401).body("code", equalTo("unauthenticated"));
        given().header("Authorization", "Bearer hf_").contentType(ContentType.JSON).body(model)
                .post("/api/v1/models").then().statusCode(401);
        given().get("/api/v1/models/lab/" + name).then().statusCode(404);
        given().header("Authorization", "Bearer hf_" + TestDatabase.ADMIN_TOKEN).contentType(ContentType.JSON).body(model)
                .post("/api/v1/models").then().statusCode(201);
    }

    @Test
    void addedFilesCarryWarningsTheVersionRecordDoesNot() {
        String m = "lab/" + uniqueName("hf-warn");
        org.stele.support.Deposits.createModel("lab", m.substring(4)).statusCode(201);
        createVersion(m, "1").statusCode(201);
        putFile(m, "1", "config.json", "{}".getBytes()).statusCode(201).body("warnings", empty()).body("path", equalTo("config.json"));
        String digest = given().header("Authorization", AUTH).contentType("application/octet-stream").body(Bytes.random(5000, 40))
                .post("/api/v1/blobs").then().statusCode(201).extract().path("digest");
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("path", "model.bin", "digest", digest))
                .post("/api/v1/models/" + m + "/versions/1/files").then().statusCode(201)
                .body("warnings", empty()).body("size", equalTo(5000)).body("digest", equalTo(digest)).body("kind", equalTo("weights"));
        String record = version(m, "1").statusCode(200).extract().asString();
        assertThat(record).doesNotContain("warnings");
        assertThat(version(m, "1").extract().jsonPath().getList("files.path")).isEqualTo(List.of("config.json", "model.bin"));
    }
}
