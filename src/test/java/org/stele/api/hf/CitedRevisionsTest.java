package org.stele.api.hf;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stele.support.Deposits;

/**
 * A paper cites a version by its identifier or its manifest digest; a Hugging Face client loads exactly that string
 * as a revision (URL-encoded, as the clients send it). Every name of a version means the same commit, and a name
 * that is no version's is RevisionNotFound.
 */
@QuarkusTest
class CitedRevisionsTest {
    @Test
    void everyNameAPaperMayCiteIsARevision() {
        byte[] v1 = "first weights".getBytes(StandardCharsets.UTF_8);
        byte[] v2 = "second weights".getBytes(StandardCharsets.UTF_8);
        String model = Deposits.published("1.0", Map.of("w.bin", v1));
        Deposits.createVersion(model, "2.0").statusCode(201);
        Deposits.putFile(model, "2.0", "w.bin", v2).statusCode(201);
        JsonPath first = Deposits.version(model, "1.0").extract().jsonPath();
        Deposits.publish(model, "2.0").statusCode(200);
        String pid = first.getString("pid");
        String manifest = first.getString("manifestDigest");
        String commit = given().get("/hf/api/models/" + model + "/revision/1.0").then().statusCode(200).extract().path("sha");
        assertThat(commit).isEqualTo(manifest.substring("sha256:".length(), "sha256:".length() + 40));

        for (String name : List.of(pid, "doi:" + pid, pid.toUpperCase(), manifest, manifest.substring("sha256:".length()), commit)) {
            String revision = URLEncoder.encode(name, StandardCharsets.UTF_8);
            given().urlEncodingEnabled(false).get("/hf/api/models/" + model + "/revision/" + revision).then().statusCode(200).body("sha", equalTo(commit));
            byte[] served = given().urlEncodingEnabled(false).get("/hf/" + model + "/resolve/" + revision + "/w.bin").then().statusCode(200)
                    .header("X-Repo-Commit", commit).header("Cache-Control", org.hamcrest.Matchers.containsString("immutable"))
                    .extract().asByteArray();
            assertThat(served).as("w.bin at " + name).isEqualTo(v1);
        }
        // main is the newest; a digest or identifier of nothing here is no revision.
        assertThat(given().get("/hf/api/models/" + model + "/revision/main").then().statusCode(200).extract().<String>path("sha"))
                .isNotEqualTo(commit);
        for (String unknown : List.of("10.5072/0000-0000", "sha256:" + "0".repeat(64), "0".repeat(64))) {
            given().urlEncodingEnabled(false).get("/hf/api/models/" + model + "/revision/" + URLEncoder.encode(unknown, StandardCharsets.UTF_8))
                    .then().statusCode(404).header("X-Error-Code", "RevisionNotFound");
        }
    }
}
