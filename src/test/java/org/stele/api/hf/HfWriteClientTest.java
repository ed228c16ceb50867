package org.stele.api.hf;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.stele.support.Clients;
import org.stele.support.Deposits;
import org.stele.support.TestDatabase;

/**
 * The real huggingface_hub 1.33 ({@code HF_HUB_DISABLE_XET=1}) archiving as a pipeline does: create_repo, upload_folder
 * with a multi-MiB weights file (LFS multipart) and a small binary (LFS basic), a no-op re-upload, a commit with a
 * deletion, a stale parent (412), a tag that publishes, the refusals (tag reused, write to a tag, delete_repo), and
 * downloads at the tag and at the identifier, every byte hashing as uploaded. The client is in the virtualenv
 * {@code .ci/run} creates ({@code target/hf-venv}, or {@code -Dstele-test.hf-python=…}).
 */
@QuarkusTest
class HfWriteClientTest {
    static final String PYTHON = System.getProperty("stele-test.hf-python", "target/hf-venv/bin/python");

    @TestHTTPResource("/")
    URL base;

    @Test
    void aPipelineArchivesWithUploadFolderAndPublishesWithATag() throws Exception {
        Clients.require(Clients.exists(PYTHON), "python with huggingface_hub 1.33.0 (" + PYTHON + ")");
        String repo = "lab/" + Deposits.uniqueName("hf-write");
        Path work = Files.createTempDirectory("hf-write");
        JsonNode result = run(repo, work);

        assertThat(result.get("whoami").asText()).isEqualTo("admin");
        assertThat(result.get("repo_url").asText()).endsWith("/hf/" + repo);
        assertThat(result.get("repo_url_again").asText()).endsWith("/hf/" + repo);
        String first = result.get("first_commit").asText();
        assertThat(first).hasSize(40);
        assertThat(result.get("again_commit").asText()).as("nothing changed: no commit").isEqualTo(first);
        String second = result.get("second_commit").asText();
        assertThat(second).isNotEqualTo(first);
        assertThat(result.get("stale_parent").get("status").asInt()).isEqualTo(412);
        assertThat(result.get("tag_again").get("status").asInt()).isEqualTo(409);
        assertThat(result.get("write_tag").get("status").asInt()).isEqualTo(409);
        assertThat(result.get("delete_repo").get("status").asInt()).isEqualTo(403);

        JsonNode info = result.get("info");
        assertThat(info.get("sha").asText()).as("the published version is the last commit").isEqualTo(second);
        assertThat(info.get("files").toString()).isEqualTo("[\"README.md\",\"config.json\",\"model.safetensors\",\"notes.txt\"]");
        assertThat(info.get("pipeline_tag").asText()).isEqualTo("text-generation");
        assertThat(info.get("library_name").asText()).isEqualTo("transformers");
        assertThat(info.get("card_data").get("base_model").asText()).isEqualTo("lab/base");
        assertThat(info.get("tags").toString()).contains("archived", "transformers", "license:apache-2.0", "base_model:lab/base",
                "dataset:lab/corpus");
        assertThat(result.get("listed").toString()).isEqualTo("[\"" + repo + "\"]");
        assertThat(result.get("filtered").toString()).isEqualTo("[\"" + repo + "\"]");

        // The default client tries Xet, which this archive does not speak: its error tells the user the switch.
        assertThat(result.get("xet").get("exit").asInt()).isNotZero();
        assertThat(result.get("xet").get("output").asText()).contains("HF_HUB_DISABLE_XET=1");

        String weights = result.get("uploaded").get("model.safetensors").asText();
        assertThat(result.get("downloaded").get("model.safetensors").asText()).isEqualTo(weights);
        assertThat(result.get("snapshot").get("model.safetensors").asText()).isEqualTo(weights);
        assertThat(result.get("snapshot").has("config.json")).isTrue();
        // The native API sees the same published version, its license from the card.
        given().get("/api/v1/models/" + repo + "/versions/1.0").then().statusCode(200)
                .body("state", org.hamcrest.Matchers.equalTo("published")).body("license", org.hamcrest.Matchers.equalTo("Apache-2.0"))
                .body("pid", org.hamcrest.Matchers.equalTo(result.get("pid").asText()));
    }

    private JsonNode run(String repo, Path work) throws Exception {
        ProcessBuilder python = new ProcessBuilder(PYTHON, Path.of("src/test/python/hf_write.py").toAbsolutePath().toString(),
                base.toString().replaceAll("/$", "") + "/hf", repo, work.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("python.log").toFile());
        python.environment().put("HF_TOKEN", "hf_" + TestDatabase.ADMIN_TOKEN);
        python.environment().put("HF_HUB_DISABLE_XET", "1");
        python.environment().put("HF_HOME", work.resolve("home").toString());
        python.environment().put("HF_HUB_DISABLE_PROGRESS_BARS", "1");
        python.environment().put("HF_HUB_DISABLE_TELEMETRY", "1");
        python.environment().put("HF_WRITE_TRY_XET", "1");
        Process process = python.start();
        boolean done = process.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly();
        }
        String log = Files.readString(work.resolve("python.log"));
        assertThat(done && process.exitValue() == 0).as("python exited cleanly:\n" + log).isTrue();
        return new ObjectMapper().readTree(work.resolve("result.json").toFile());
    }

}
