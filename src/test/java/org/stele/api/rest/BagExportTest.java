package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.stele.support.Deposits.AUTH;
import static org.stele.support.Deposits.createVersion;
import static org.stele.support.Deposits.publish;
import static org.stele.support.Deposits.putFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.loc.repository.bagit.domain.Bag;
import gov.loc.repository.bagit.domain.Manifest;
import gov.loc.repository.bagit.hash.StandardSupportedAlgorithms;
import gov.loc.repository.bagit.reader.BagReader;
import gov.loc.repository.bagit.verify.BagVerifier;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stele.store.BlobStore;
import org.stele.support.ArchiveState;
import org.stele.support.Bytes;
import org.stele.support.Deposits;

/** BagIt export of published versions, checked with the Library of Congress BagIt library (subclassed for S3). */
@QuarkusTest
class BagExportTest {
    @Inject
    BlobStore store;

    @Inject
    ObjectMapper json;

    @TempDir
    Path temp;

    @Test
    void aPublishedVersionExportsAsAValidCompleteBag() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("model.safetensors", Bytes.random(3 * 1024 * 1024 + 17, 81));
        files.put("config.json", "{\"hidden_size\": 8}".getBytes(StandardCharsets.UTF_8));
        files.put("shards/copy of weights.bin", files.get("model.safetensors")); // dedup'd: two paths, one blob
        files.put("notes/read me first.txt", "spaces in a path".getBytes(StandardCharsets.UTF_8));
        files.put("README.md", "---\nlicense: apache-2.0\n---\n# A model\n".getBytes(StandardCharsets.UTF_8));
        String model = Deposits.published("1.0", files);
        JsonPath record = Deposits.version(model, "1.0").statusCode(200).extract().jsonPath();
        String pid = record.getString("pid");
        String suffix = pid.substring(pid.indexOf('/') + 1);

        byte[] zip = given().get("/api/v1/models/" + model + "/versions/1.0/bag").then().statusCode(200)
                .contentType("application/zip")
                .header("Content-Disposition", "attachment; filename=\"" + suffix + ".zip\"")
                .extract().asByteArray();
        List<String> order = unzip(zip, temp);
        Path root = temp.resolve(suffix);

        Bag bag = new BagReader().read(root);
        try (BagVerifier verifier = new BagVerifier()) {
            verifier.isComplete(bag, false);
            verifier.isValid(bag, false);
        }
        assertThat(bag.getVersion().toString()).isEqualTo("1.0");
        assertThat(bag.getMetadata().get("External-Identifier")).containsExactly(pid);
        assertThat(bag.getMetadata().get("Source-Organization")).containsExactly("Stele");
        long octets = files.values().stream().mapToLong(b -> b.length).sum();
        assertThat(bag.getMetadata().get("Payload-Oxum")).containsExactly(octets + "." + files.size());
        assertThat(bag.getMetadata().get("Bagging-Date")).hasSize(1);

        // The payload hashes are the archive's: every file's SHA-256 equals the record's digest; SHA-512 over the same bytes.
        Map<String, String> sha256 = manifest(bag, StandardSupportedAlgorithms.SHA256, root);
        Map<String, String> sha512 = manifest(bag, StandardSupportedAlgorithms.SHA512, root);
        Map<String, String> expected256 = new TreeMap<>();
        Map<String, String> expected512 = new TreeMap<>();
        for (Map<String, Object> f : record.<Map<String, Object>>getList("files")) {
            String path = (String) f.get("path");
            expected256.put("data/" + path, ((String) f.get("digest")).substring("sha256:".length()));
            expected512.put("data/" + path, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(files.get(path))));
            assertThat(Files.readAllBytes(root.resolve("data").resolve(path))).isEqualTo(files.get(path));
        }
        assertThat(sha256).isEqualTo(expected256);
        assertThat(sha512).isEqualTo(expected512);

        // Manifests after the payload, the tag manifest last; metadata covered by the tag manifest.
        int lastPayload = 0;
        for (int i = 0; i < order.size(); i++) {
            lastPayload = order.get(i).startsWith(suffix + "/data/") ? i : lastPayload;
        }
        assertThat(order.subList(lastPayload + 1, order.size())).containsExactly(suffix + "/manifest-sha256.txt",
                suffix + "/manifest-sha512.txt", suffix + "/tagmanifest-sha256.txt");
        assertThat(Files.readString(root.resolve("tagmanifest-sha256.txt"))).contains("  metadata/record.json\n",
                "  metadata/datacite.xml\n", "  metadata/ro-crate-metadata.json\n", "  bag-info.txt\n", "  manifest-sha512.txt\n");

        JsonNode stored = json.readTree(root.resolve("metadata/record.json").toFile());
        assertThat(stored.get("pid").asText()).isEqualTo(pid);
        assertThat(stored.get("manifestDigest").asText()).isEqualTo(record.getString("manifestDigest"));
        // No DOI is registered here: the identifier is given as the archive's resolver URL, never as a DOI.
        assertThat(Files.readString(root.resolve("metadata/datacite.xml")))
                .containsPattern("<identifier identifierType=\"URL\">https?://[^<]+/pid/" + java.util.regex.Pattern.quote(pid) + "</identifier>")
                .doesNotContain("doi.org");
        assertThat(Files.readString(root.resolve("metadata/ro-crate-metadata.json"))).contains("/pid/" + pid + "\"").doesNotContain("doi.org");
        JsonNode crate = json.readTree(root.resolve("metadata/ro-crate-metadata.json").toFile());
        assertThat(crate.get("@context").asText()).isEqualTo("https://w3id.org/ro/crate/1.1/context");
        List<String> ids = new ArrayList<>();
        crate.get("@graph").forEach(n -> ids.add(n.get("@id").asText()));
        assertThat(ids).contains("ro-crate-metadata.json", "./", "data/model.safetensors", "data/shards/copy of weights.bin");

        // The resolver gives the same bag for the identifier.
        byte[] viaResolver = given().queryParam("format", "bagit").get("/pid/" + pid).then().statusCode(200)
                .contentType("application/zip").extract().asByteArray();
        Path second = Files.createDirectory(temp.resolve("resolver"));
        unzip(viaResolver, second);
        assertThat(manifest(new BagReader().read(second.resolve(suffix)), StandardSupportedAlgorithms.SHA512, second.resolve(suffix)))
                .isEqualTo(expected512);
        // A concept identifier's bag is its latest version's.
        byte[] viaConcept = given().queryParam("format", "bagit").get("/pid/" + record.getString("conceptPid")).then().statusCode(200)
                .extract().asByteArray();
        Path third = Files.createDirectory(temp.resolve("concept"));
        unzip(viaConcept, third);
        assertThat(new BagReader().read(third.resolve(suffix)).getMetadata().get("External-Identifier")).containsExactly(pid);
    }

    /**
     * RFC 8493 §2.1.3 percent-encodes '%' (and CR, LF) in manifest paths. The LoC library (5.2.0) does not decode
     * %25, so this is checked on the manifest text rather than through its reader.
     */
    @Test
    void percentSignsInPathsAreEncodedInManifests() throws IOException {
        byte[] bytes = "percent in a path".getBytes(StandardCharsets.UTF_8);
        String model = Deposits.published("1.0", Map.of("notes/100% done.txt", bytes));
        String suffix = Deposits.version(model, "1.0").extract().<String>path("pid").split("/")[1];
        byte[] zip = given().get("/api/v1/models/" + model + "/versions/1.0/bag").then().statusCode(200).extract().asByteArray();
        unzip(zip, temp);
        assertThat(Files.readString(temp.resolve(suffix).resolve("manifest-sha256.txt")))
                .isEqualTo(Bytes.sha256(bytes).substring("sha256:".length()) + "  data/notes/100%25 done.txt\n");
        assertThat(Files.readAllBytes(temp.resolve(suffix).resolve("data/notes/100% done.txt"))).isEqualTo(bytes);
    }

    @Test
    void withdrawnVersionsAndDraftsHaveNoBag() throws IOException {
        String model = Deposits.published("1.0", Map.of("a.bin", Bytes.random(1000, 82)));
        String pid = Deposits.version(model, "1.0").extract().path("pid");
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("reason", "licence dispute"))
                .post("/api/v1/models/" + model + "/versions/1.0/withdraw").then().statusCode(200);
        createVersion(model, "2.0").statusCode(201);
        putFile(model, "2.0", "b.bin", Bytes.random(1000, 83)).statusCode(201);
        ArchiveState before = ArchiveState.of(store);

        given().get("/api/v1/models/" + model + "/versions/1.0/bag").then().statusCode(410)
                .contentType("application/problem+json").body("code", equalTo("withdrawn"));
        given().queryParam("format", "bagit").get("/pid/" + pid).then().statusCode(410).body("code", equalTo("withdrawn"));
        given().header("Authorization", AUTH).get("/api/v1/models/" + model + "/versions/2.0/bag").then().statusCode(409)
                .body("code", equalTo("version_not_published"));
        given().get("/api/v1/models/" + model + "/versions/2.0/bag").then().statusCode(404)
                .body("code", equalTo("version_not_found"));
        assertThat(ArchiveState.of(store)).isEqualTo(before);
        publish(model, "2.0").statusCode(200);
        given().get("/api/v1/models/" + model + "/versions/2.0/bag").then().statusCode(200);
    }

    private static Map<String, String> manifest(Bag bag, StandardSupportedAlgorithms algorithm, Path root) {
        Map<String, String> out = new TreeMap<>();
        for (Manifest m : bag.getPayLoadManifests()) {
            if (m.getAlgorithm().equals(algorithm)) {
                m.getFileToChecksumMap().forEach((file, hash) -> out.put(root.relativize(file).toString().replace('\\', '/'), hash));
            }
        }
        assertThat(out).isNotEmpty();
        return out;
    }

    /** Unzips into {@code into}; answers the entry names in zip order. */
    private static List<String> unzip(byte[] zip, Path into) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName());
                Path target = into.resolve(e.getName()).normalize();
                assertThat(target.startsWith(into)).isTrue();
                Files.createDirectories(target.getParent());
                Files.write(target, in.readAllBytes());
            }
        }
        return names;
    }
}
