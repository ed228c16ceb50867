package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.stele.support.Bytes;
import org.stele.support.Deposits;
import org.stele.support.WeightFiles;

/**
 * Invariant 7 without Stele's code: a version published over HTTP, its files downloaded into a plain directory, and
 * src/test/python/manifest_digest.py (Python standard library and the table of docs/manifest.md, nothing else) prints
 * the same manifest digest the archive published.
 */
@QuarkusTest
class ManifestRecomputedTest {

    @Test
    void aPublishedDigestIsRecomputedFromTheDownloadedFilesAndTheDocumentedTable() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("model.safetensors", WeightFiles.safetensors(
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}", 16));
        files.put("config.json", "{\"model_type\":\"test\"}".getBytes(StandardCharsets.UTF_8));
        files.put("README.md", "# A model\n\nFor tests.\n".getBytes(StandardCharsets.UTF_8));
        files.put("tokenizer/nested/tokenizer.json", "{\"version\":\"1.0\"}".getBytes(StandardCharsets.UTF_8));
        files.put("données/résumé 模型.txt", "non-ASCII path\n".getBytes(StandardCharsets.UTF_8));
        files.put("weights.xyz", Bytes.random(300, 90));
        files.put("Train.YAML", "lr: 0.1\n".getBytes(StandardCharsets.UTF_8));
        files.put("run.py", "print('hi')\n".getBytes(StandardCharsets.UTF_8));
        files.put("tokenizer.model", Bytes.random(64, 91));
        files.put(".hidden.json", "{}".getBytes(StandardCharsets.UTF_8));
        // Beyond U+FFFF: UTF-16 order puts the emoji (a surrogate pair, D83E…) before U+FFFD; code-point order would not.
        files.put("z/\uD83E\uDD17.bin", Bytes.random(10, 92));
        files.put("z/\uFFFD.bin", Bytes.random(10, 93));
        String model = Deposits.published("1.0", files);
        Map<String, Object> record = given().header("Authorization", Deposits.AUTH).get("/api/v1/models/" + model + "/versions/1.0")
                .then().statusCode(200).extract().as(Map.class);
        String published = (String) record.get("manifestDigest");
        @SuppressWarnings("unchecked")
        Map<String, Object> preservation = (Map<String, Object>) record.get("preservation");
        assertThat(preservation).as("no replica configured: the primary copy only").containsEntry("copies", 1);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listed = (List<Map<String, Object>>) record.get("files");
        assertThat(listed).extracting(f -> f.get("mediaType")).as("the table matters: several media types")
                .contains("application/json", "text/markdown; charset=utf-8", "application/yaml", "application/octet-stream",
                        "text/plain; charset=utf-8", "text/x-python; charset=utf-8");

        Path download = Files.createTempDirectory("stele-download");
        for (Map<String, Object> file : listed) {
            String path = (String) file.get("path");
            byte[] bytes = given().get("/api/v1/models/" + model + "/versions/1.0/files/" + path).then().statusCode(200)
                    .extract().asByteArray();
            Path target = download.resolve(path);
            Files.createDirectories(target.getParent());
            Files.write(target, bytes);
        }
        assertThat(Files.readAllBytes(download.resolve("données/résumé 模型.txt"))).isEqualTo(files.get("données/résumé 模型.txt"));

        assertThat(recompute(download)).isEqualTo(published);
        // And the check can fail: one changed byte is another digest.
        Files.write(download.resolve("config.json"), "{\"model_type\":\"tesT\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(recompute(download)).startsWith("sha256:").isNotEqualTo(published);
    }

    private static String recompute(Path directory) throws IOException, InterruptedException {
        Process python = new ProcessBuilder("python3", "src/test/python/manifest_digest.py", "--table", "docs/manifest.md",
                directory.toString()).redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(output).isZero();
        return output;
    }
}
