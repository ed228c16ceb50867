package org.stele.api.hf;

import static io.restassured.RestAssured.given;
import static org.stele.support.Deposits.AUTH;
import static org.stele.support.Deposits.createModel;
import static org.stele.support.Deposits.createVersion;
import static org.stele.support.Deposits.publish;
import static org.stele.support.Deposits.putFile;
import static org.stele.support.Deposits.uniqueName;
import static org.stele.support.Deposits.version;

import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contract's worked example (hf-hub-api.md §4.4) deposited through the archive's own API: version
 * {@code 1.0} with config.json (23 bytes), weights.bin (1 MiB of zeros), an empty file, a nested file and a
 * name with a space; {@code 2.0+b1} with another config.json (main); {@code 3.0} published then withdrawn;
 * alias {@code stable} → 1.0; a draft {@code 4.0} that Hugging Face clients must never see.
 */
record TinyModel(String repo, String commit1, String commit2, String commit3, Map<String, byte[]> files1, Map<String, byte[]> files2) {
    static final byte[] CONFIG_V1 = "{\"model_type\": \"bert\"}\n".getBytes(StandardCharsets.UTF_8);
    static final byte[] CONFIG_V2 = "{\"model_type\": \"bert\", \"hidden_size\": 8}\n".getBytes(StandardCharsets.UTF_8);
    static final byte[] WEIGHTS = new byte[1 << 20];
    static final String WEIGHTS_SHA256 = "30e14955ebf1352266dc2ff8067e68104607e750abb9d3b36582b8af909fcb58";
    /** Git blob SHA-1 of the LFS pointer of weights.bin (§4.7). */
    static final String WEIGHTS_POINTER_OID = "9bf2820abd0acc86f31fc02ce312debf25384d12";
    static final String V2 = "2.0+b1";

    static TinyModel deposit() {
        String name = uniqueName("tiny-model");
        createModel("test-org", name).statusCode(201);
        String repo = "test-org/" + name;
        Map<String, byte[]> files1 = new LinkedHashMap<>();
        files1.put("config.json", CONFIG_V1);
        files1.put("weights.bin", WEIGHTS);
        files1.put("empty.txt", new byte[0]);
        files1.put("sub/dir/nested.txt", "nested\n".getBytes(StandardCharsets.UTF_8));
        files1.put("with space.txt", "spaced\n".getBytes(StandardCharsets.UTF_8));
        release(repo, "1.0", files1);
        Map<String, byte[]> files2 = new LinkedHashMap<>(files1);
        files2.put("config.json", CONFIG_V2);
        release(repo, V2, files2);
        release(repo, "3.0", Map.of("config.json", "{}\n".getBytes(StandardCharsets.UTF_8)));
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("reason", "Licence revoked"))
                .post("/api/v1/models/" + repo + "/versions/3.0/withdraw").then().statusCode(200);
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("version", "1.0"))
                .put("/api/v1/models/" + repo + "/aliases/stable").then().statusCode(200);
        createVersion(repo, "4.0").statusCode(201);
        putFile(repo, "4.0", "config.json", "{\"draft\": true}\n".getBytes(StandardCharsets.UTF_8)).statusCode(201);
        return new TinyModel(repo, commit(repo, "1.0"), commit(repo, V2), commit(repo, "3.0"), files1, files2);
    }

    /** The commit id Hugging Face clients see: the first 40 hex digits of the manifest digest. */
    static String commit(String repo, String label) {
        String manifest = version(repo, label).statusCode(200).extract().path("manifestDigest");
        return manifest.substring("sha256:".length(), "sha256:".length() + 40);
    }

    private static void release(String repo, String label, Map<String, byte[]> files) {
        createVersion(repo, label).statusCode(201);
        files.forEach((path, bytes) -> putFile(repo, label, path, bytes).statusCode(201));
        publish(repo, label).statusCode(200);
    }
}
