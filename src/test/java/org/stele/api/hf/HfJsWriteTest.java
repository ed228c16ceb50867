package org.stele.api.hf;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.stele.domain.Digest;
import org.stele.support.Clients;
import org.stele.support.Deposits;
import org.stele.support.TestDatabase;

/**
 * The real npm client's writes ({@code createRepo}, {@code uploadFiles} with a multi-MiB file whose parts it sends in
 * parallel, {@code deleteFile}), then a tag that publishes: the published files are the ones uploaded, byte for byte.
 */
@QuarkusTest
class HfJsWriteTest {
    private static final Path CLIENT_DIR = Path.of("src/test/hf-js");

    @TestHTTPResource("/")
    URL base;

    @Test
    void uploadFilesThenATagPublishes() throws Exception {
        Clients.require(Files.isDirectory(CLIENT_DIR.resolve("node_modules/@huggingface/hub")),
                "node (≥ 18) and the npm client (npm ci --prefix src/test/hf-js)");
        String repo = "lab/" + Deposits.uniqueName("hf-js-write");
        Path out = Files.createTempDirectory("hf-js-write");
        ProcessBuilder node = new ProcessBuilder("node", "hub-write.mjs", base.toString().replaceAll("/$", "") + "/hf", repo, out.toString())
                .directory(CLIENT_DIR.toFile()).redirectErrorStream(true).redirectOutput(out.resolve("node.log").toFile());
        node.environment().put("HF_TOKEN", "hf_" + TestDatabase.ADMIN_TOKEN); // the npm client insists on the Hub's prefix
        Process process = node.start();
        boolean done = process.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly();
        }
        assertThat(done && process.exitValue() == 0).as("node exited cleanly:\n" + Files.readString(out.resolve("node.log"))).isTrue();
        JsonNode result = new ObjectMapper().readTree(out.resolve("result.json").toFile());
        for (String call : List.of("createRepo", "upload", "delete")) {
            assertThat(result.get(call).has("error")).as(call + ": " + result.get(call)).isFalse();
        }

        String commit = given().header("Authorization", Deposits.AUTH).contentType("application/json").body(Map.of("tag", "1.0"))
                .post("/hf/api/models/" + repo + "/tag/main").then().statusCode(200).body("name", equalTo("1.0")).extract().path("targetCommit");
        given().get("/hf/api/models/" + repo).then().statusCode(200).body("sha", equalTo(commit))
                .body("siblings.rfilename", equalTo(List.of("README.md", "config.json", "model.safetensors")))
                .body("cardData.license", equalTo("mit"));
        byte[] weights = given().get("/hf/" + repo + "/resolve/1.0/model.safetensors").then().statusCode(200).extract().asByteArray();
        assertThat(Digest.ofContent(weights).hex()).isEqualTo(result.get("weightsSha256").asText());
    }
}
