package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.stele.support.Deposits.AUTH;
import static org.stele.support.Deposits.createModel;
import static org.stele.support.Deposits.createVersion;
import static org.stele.support.Deposits.publish;
import static org.stele.support.Deposits.putFile;
import static org.stele.support.Deposits.uniqueName;
import static org.stele.support.Deposits.version;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stele.store.BlobStore;
import org.stele.support.WeightFiles;
import org.stele.store.StorageLayout;

/** Facts read from weights headers and model cards when files are added, through real HTTP. */
@QuarkusTest
class FileFactsApiTest {
    private static final String CARD = """
            ---
            license: apache-2.0
            language: [en]
            tags: [text-generation, tiny]
            datasets: [lab/tiny-corpus]
            base_model: lab/base-llm
            library_name: transformers
            pipeline_tag: text-generation
            ---
            # Tiny LLM

            A tiny model.
            """;

    @Inject
    BlobStore store;

    @Inject
    ObjectMapper json;

    private static byte[] shard(String tensor, long rows) {
        long bytes = rows * 64 * 2;
        return WeightFiles.safetensors("{\"" + tensor + "\":{\"dtype\":\"BF16\",\"shape\":[" + rows + ",64],"
                + "\"data_offsets\":[0," + bytes + "]}}", (int) bytes);
    }

    @Test
    void weightsAndCardFactsAreInTheRecordTheLandingPageAndTheStoredRecord() throws Exception {
        String name = uniqueName("facts");
        createModel("lab", name).statusCode(201);
        String m = "lab/" + name;
        createVersion(m, "1.0").statusCode(201);
        putFile(m, "1.0", "model-00001-of-00002.safetensors", shard("a", 100)).statusCode(201)
                .body("warnings", hasSize(0));
        putFile(m, "1.0", "model-00002-of-00002.safetensors", shard("b", 50)).statusCode(201);
        putFile(m, "1.0", "README.md", CARD.getBytes(StandardCharsets.UTF_8)).statusCode(201);

        version(m, "1.0").statusCode(200)
                .body("parameterCount", equalTo(9600))
                .body("dtypes", contains("bf16"))
                .body("weightFiles", equalTo(2))
                .body("card.license", equalTo("apache-2.0"))
                .body("card.base_model", equalTo("lab/base-llm"))
                .body("card.tags", contains("text-generation", "tiny"))
                .body("card.pipeline_tag", equalTo("text-generation"))
                .body("warnings", nullValue())
                .body("files.find { it.path == 'model-00001-of-00002.safetensors' }.facts.parameterCount", equalTo(6400))
                .body("files.find { it.path == 'model-00001-of-00002.safetensors' }.facts.tensorCount", equalTo(1))
                .body("files.find { it.path == 'README.md' }.facts.format", equalTo("model-card"));

        String pid = publish(m, "1.0").statusCode(200).extract().path("pid");
        String html = given().accept(ContentType.HTML).get("/pid/" + pid).then().statusCode(200).extract().asString();
        assertThat(html).contains("9.60 K parameters, bf16, 2 shards").contains("text-generation").contains("lab/base-llm")
                .doesNotContain("id=\"warnings\"");

        try (InputStream in = store.get(StorageLayout.record(pid), 0, -1)) {
            JsonNode stored = json.readTree(in);
            assertThat(stored.path("parameterCount").asLong()).isEqualTo(9600);
            assertThat(stored.path("card").path("library_name").asText()).isEqualTo("transformers");
        }
    }

    @Test
    void ggufFactsAreReadAndAttachingReadsThemToo() {
        String name = uniqueName("gguf");
        createModel("lab", name).statusCode(201);
        String m = "lab/" + name;
        createVersion(m, "1.0").statusCode(201);
        byte[] gguf = new WeightFiles.Gguf().string("general.architecture", "llama").u32("general.file_type", 15)
                .u32("llama.context_length", 2048).tensor("token_embd.weight", 12, 64, 1000).bytes();
        String digest = putFile(m, "1.0", "tiny.Q4_K_M.gguf", gguf).statusCode(201).extract().path("digest");
        version(m, "1.0").statusCode(200)
                .body("parameterCount", equalTo(64000))
                .body("dtypes", contains("q4_k"))
                .body("files[0].facts.architecture", equalTo("llama"))
                .body("files[0].facts.quantization", equalTo("Q4_K_M"))
                .body("files[0].facts.contextLength", equalTo(2048));

        createVersion(m, "2.0").statusCode(201);
        given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body(Map.of("path", "copy.gguf", "digest", digest))
                .post("/api/v1/models/" + m + "/versions/2.0/files").then().statusCode(201);
        version(m, "2.0").statusCode(200).body("files[0].facts.architecture", equalTo("llama"));
    }

    @Test
    void aMalformedCardOrLyingHeaderIsArchivedWithAWarning() {
        String name = uniqueName("bad");
        createModel("lab", name).statusCode(201);
        String m = "lab/" + name;
        createVersion(m, "1.0").statusCode(201);
        String laughs = "---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                + "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n---\n# Card\n";
        putFile(m, "1.0", "README.md", laughs.getBytes(StandardCharsets.UTF_8)).statusCode(201)
                .body("warnings", hasItem(containsString("not valid YAML")));
        byte[] lying = shard("a", 10);
        lying[7] = 0x7f; // header length now ~2^63
        putFile(m, "1.0", "model.safetensors", lying).statusCode(201)
                .body("warnings", hasItem(containsString("impossible")));

        String pid = publish(m, "1.0").statusCode(200).extract().path("pid");
        version(m, "1.0").statusCode(200)
                .body("card", nullValue())
                .body("parameterCount", nullValue())
                .body("warnings", hasSize(2))
                .body("warnings.find { it.path == 'README.md' }.message", containsString("not valid YAML"))
                .body("files", hasSize(2));
        given().accept(ContentType.HTML).get("/pid/" + pid).then().statusCode(200)
                .body(containsString("id=\"warnings\""), containsString("not valid YAML"));
    }
}
