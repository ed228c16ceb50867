package org.stele.api.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.stele.support.Deposits.AUTH;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.stele.support.Bytes;
import org.stele.support.Deposits;

/** The landing page offers the version's BagIt package beside its files, and only where the files are served. */
@QuarkusTest
class LandingPageDownloadsTest {
    private static final Pattern BAG_LINK = Pattern.compile("<a id=\"bag\" class=\"download\" href=\"([^\"]+)\" download>");

    @Test
    void aPublishedVersionLinksItsBagAndTheLinkGivesTheBag() throws Exception {
        byte[] weights = Bytes.random(1000, 911);
        String model = Deposits.published("1.0", Map.of("w.bin", weights));
        String pid = Deposits.version(model, "1.0").extract().path("pid");
        String suffix = pid.substring(pid.indexOf('/') + 1);

        String page = given().accept("text/html").get("/pid/" + pid).then().statusCode(200).extract().asString();
        Matcher link = BAG_LINK.matcher(page);
        assertThat(link.find()).as(page).isTrue();
        assertThat(link.group(1)).isEqualTo("/api/v1/models/" + model + "/versions/1.0/bag");

        byte[] zip = given().get(link.group(1)).then().statusCode(200).contentType("application/zip").extract().asByteArray();
        Map<String, byte[]> entries = unzip(zip);
        assertThat(new String(entries.get(suffix + "/bagit.txt"), StandardCharsets.UTF_8)).startsWith("BagIt-Version: 1.0\n");
        assertThat(entries.get(suffix + "/data/w.bin")).isEqualTo(weights);
    }

    @Test
    void aWithdrawnVersionLinksNoBag() {
        String model = Deposits.published("1.0", Map.of("w.bin", Bytes.random(100, 912)));
        String pid = Deposits.version(model, "1.0").extract().path("pid");
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("reason", "Leaked data"))
                .post("/api/v1/models/" + model + "/versions/1.0/withdraw").then().statusCode(200);

        String tombstone = given().accept("text/html").get("/pid/" + pid).then().statusCode(410).extract().asString();
        assertThat(tombstone).contains("Leaked data").doesNotContain("/bag").doesNotContain("id=\"bag\"");
        given().get("/api/v1/models/" + model + "/versions/1.0/bag").then().statusCode(410);
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }
}
