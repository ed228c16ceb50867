package org.stele.api.hf;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stele.support.Bytes;
import org.stele.support.Deposits;
import org.stele.support.PresignedRedirectsAlwaysS3;

/**
 * The same pipeline with every download of public content redirected to a presigned S3 link: huggingface_hub reads the
 * file's metadata from the HEAD (never redirected), follows the GET's 307 to storage without the token, and every byte
 * still hashes as uploaded.
 */
@QuarkusTest
@TestProfile(PresignedRedirectsAlwaysS3.class)
class HfWriteClientPresignedS3Test extends HfWriteClientTest {

    @Test
    @Override
    void aPipelineArchivesWithUploadFolderAndPublishesWithATag() throws Exception {
        double before = redirectedBytes();
        super.aPipelineArchivesWithUploadFolderAndPublishesWithATag();
        // The client's downloads (the weights at the tag, at the identifier, in the snapshot) went by presigned links.
        assertThat(redirectedBytes() - before).as("bytes handed out as presigned links").isGreaterThan(3 * 1_000_000);
    }

    private static double redirectedBytes() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("stele_download_redirected_bytes_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void resolveRedirectsWithTheHeadersTheClientReads() {
        byte[] bytes = Bytes.random(40_000, 48);
        String model = Deposits.published("1.0", Map.of("w.bin", bytes));
        String hex = Bytes.sha256(bytes).substring("sha256:".length());
        var answer = given().redirects().follow(false).header("Authorization", Deposits.AUTH).get("/hf/" + model + "/resolve/main/w.bin")
                .then().statusCode(307).header("X-Linked-Size", "40000").header("X-Linked-Etag", "\"" + hex + "\"")
                .header("ETag", "\"" + hex + "\"").extract();
        assertThat(answer.header("X-Repo-Commit")).hasSize(40);
        assertThat(answer.header("Location")).contains("X-Amz-Signature=");
        given().redirects().follow(false).head("/hf/" + model + "/resolve/main/w.bin").then().statusCode(200)
                .header("X-Linked-Size", "40000");
        given().redirects().follow(false).queryParam("redirect", "none").get("/hf/" + model + "/resolve/main/w.bin").then().statusCode(200);
    }
}
