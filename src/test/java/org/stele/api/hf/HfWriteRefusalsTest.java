package org.stele.api.hf;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.stele.archive.deposit.UploadLinks;
import org.stele.domain.Digest;
import org.stele.support.Bytes;
import org.stele.support.Lab;

/**
 * Bad input on the /hf write API: each refusal in the Hub's shape (X-Error-Code), and nothing stored or changed:
 * forged, altered, expired or misused upload links, other bytes than the link names, a commit naming bytes never
 * uploaded or with another size, a stale parentCommit, a read token writing, a token writing another namespace.
 */
@QuarkusTest
class HfWriteRefusalsTest {
    private static final String NDJSON = "application/x-ndjson";

    @Inject
    UploadLinks links;

    @Test
    void forgedExpiredOrMisusedUploadLinksStoreNothing() {
        Lab lab = Lab.create("hfw-links");
        String token = Lab.token(lab.maintainer, List.of("read", "write"));
        String repo = createRepo(lab.namespace, token);
        byte[] bytes = Bytes.random(5000, 7);
        Digest digest = Digest.ofContent(bytes);
        String href = batch(repo, token, digest, bytes.length).statusCode(200)
                .body("objects[0].actions.upload.href", org.hamcrest.Matchers.containsString("/hf/lfs-uploads/" + digest.hex()))
                .body("objects[0].actions.upload.header", org.hamcrest.Matchers.nullValue())
                .extract().path("objects[0].actions.upload.href");
        String path = URI.create(href).getRawPath();
        String link = URI.create(href).getRawQuery().substring("link=".length());

        int mac = link.indexOf('.') + 1;
        String forged = link.substring(0, mac) + (link.charAt(mac) == 'A' ? 'B' : 'A') + link.substring(mac + 1);
        put(path + "?link=" + forged, bytes).statusCode(403).header("X-Error-Code", "UploadLinkInvalid");
        put(path, bytes).statusCode(403).header("X-Error-Code", "UploadLinkInvalid");
        UUID uploader = UUID.randomUUID(); // refused for its expiry whoever it names
        UploadLinks.Grant expired = new UploadLinks.Grant(UploadLinks.Purpose.object, digest, bytes.length, Optional.empty(), 0, 0, uploader,
                Instant.now().minusSeconds(60));
        put(path + "?link=" + links.credential(expired), bytes).statusCode(403).header("X-Error-Code", "UploadLinkInvalid");
        byte[] other = Bytes.random(5000, 8);
        put("/hf/lfs-uploads/" + Digest.ofContent(other).hex() + "?link=" + link, other).statusCode(403).header("X-Error-Code", "UploadLinkInvalid");
        // The right link with other bytes: they hash to something else, and are not kept.
        put(path + "?link=" + link, other).statusCode(400).header("X-Error-Code", "DigestMismatch");
        given().get("/api/v1/blobs/" + digest).then().statusCode(404);
        given().header("Authorization", "Bearer stele_test_admin_token").get("/api/v1/blobs/" + Digest.ofContent(other)).then().statusCode(404);

        // A commit naming the oid, never uploaded: refused, and no draft was opened.
        commit(repo, token, lfsLine("w.bin", digest, bytes.length)).statusCode(404).header("X-Error-Code", "BlobNotFound");
        assertNoVersion(repo, token);

        // Uploaded for real, then named with another size.
        put(path + "?link=" + link, bytes).statusCode(200);
        // Sent without a token, the bytes are on record for the account the link was handed to.
        given().header("Authorization", "Bearer stele_test_admin_token").get("/api/v1/audit?target=" + digest).then().statusCode(200)
                .body("items.action", equalTo(List.of("blob.stored"))).body("items[0].details.uploader", org.hamcrest.Matchers.notNullValue());
        commit(repo, token, lfsLine("w.bin", digest, bytes.length + 1)).statusCode(400).header("X-Error-Code", "SizeMismatch");
        assertNoVersion(repo, token);
        // And the batch now asks for nothing: the archive holds the bytes.
        batch(repo, token, digest, bytes.length).statusCode(200).body("objects[0].actions", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void aStaleParentAReadTokenAndAnotherNamespaceChangeNothing() {
        Lab lab = Lab.create("hfw-perm");
        String token = Lab.token(lab.maintainer, List.of("read", "write"));
        String repo = createRepo(lab.namespace, token);
        String readme = "{\"key\":\"file\",\"value\":{\"path\":\"README.md\",\"encoding\":\"base64\",\"content\":\""
                + java.util.Base64.getEncoder().encodeToString("---\nlicense: mit\n---\n".getBytes()) + "\"}}\n";
        String head = commit(repo, token, readme).statusCode(200).extract().path("commitOid");

        String stale = "{\"key\":\"header\",\"value\":{\"summary\":\"s\",\"parentCommit\":\"" + "0".repeat(40) + "\"}}\n"
                + readme.replace("README.md", "late.md");
        commit(repo, token, stale).statusCode(412).header("X-Error-Code", "CommitConflict");
        String reader = Lab.token(lab.reader, List.of("read"));
        String readOnly = Lab.token(lab.maintainer, List.of("read"));
        for (String refused : List.of(reader, readOnly)) {
            commit(repo, refused, readme.replace("README.md", "r.md")).statusCode(403);
            batch(repo, refused, Digest.ofContent(new byte[] {1}), 1).statusCode(403);
            given().header("Authorization", refused).contentType("application/json").body(Map.of("tag", "1.0"))
                    .post("/hf/api/models/" + repo + "/tag/main").then().statusCode(403);
        }
        String outsider = Lab.token(lab.outsider, List.of("read", "write"));
        commit(repo, outsider, readme.replace("README.md", "o.md")).statusCode(403);
        given().header("Authorization", outsider).contentType("application/json").body(Map.of("name", "x", "organization", lab.namespace))
                .post("/hf/api/repos/create").then().statusCode(403);
        // The draft holds the first commit only.
        String label = given().header("Authorization", token).get("/api/v1/models/" + repo).then().statusCode(200)
                .body("versions", hasSize(1)).extract().path("versions[0].version");
        given().header("Authorization", token).get("/api/v1/models/" + repo + "/versions/" + label).then().statusCode(200)
                .body("files.path", equalTo(List.of("README.md")));
        assertThat(head).hasSize(40);
        // Each write is on record as its native twin: the model, the draft, the file, by the maintainer.
        given().header("Authorization", "Bearer stele_test_admin_token").get("/api/v1/audit?namespace=" + lab.namespace).then().statusCode(200)
                .body("items.findAll { it.actor == '" + lab.maintainer + "' }.action",
                        org.hamcrest.Matchers.hasItems("model.created", "version.created", "file.added"));
    }

    private static String createRepo(String namespace, String token) {
        String name = org.stele.support.Deposits.uniqueName("m");
        given().header("Authorization", token).contentType("application/json").body(Map.of("name", name, "organization", namespace))
                .post("/hf/api/repos/create").then().statusCode(200);
        return namespace + "/" + name;
    }

    private static ValidatableResponse batch(String repo, String token, Digest digest, long size) {
        return given().header("Authorization", token).contentType("application/vnd.git-lfs+json")
                .body(Map.of("operation", "upload", "transfers", List.of("basic", "multipart"), "hash_algo", "sha256",
                        "objects", List.of(Map.of("oid", digest.hex(), "size", size))))
                .post("/hf/" + repo + ".git/info/lfs/objects/batch").then();
    }

    private static ValidatableResponse put(String pathAndQuery, byte[] bytes) {
        return given().urlEncodingEnabled(false).contentType("application/octet-stream").body(bytes).put(pathAndQuery).then();
    }

    private static ValidatableResponse commit(String repo, String token, String lines) {
        return given().header("Authorization", token).contentType(NDJSON).body(lines.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/hf/api/models/" + repo + "/commit/main").then();
    }

    private static String lfsLine(String path, Digest digest, long size) {
        return "{\"key\":\"lfsFile\",\"value\":{\"path\":\"" + path + "\",\"algo\":\"sha256\",\"oid\":\"" + digest.hex() + "\",\"size\":" + size + "}}\n";
    }

    private static void assertNoVersion(String repo, String token) {
        given().header("Authorization", token).get("/api/v1/models/" + repo).then().statusCode(200).body("versions", hasSize(0));
    }
}
