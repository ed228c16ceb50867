package org.stele.api.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.stele.support.Deposits.createVersion;
import static org.stele.support.Deposits.publish;
import static org.stele.support.Deposits.putFile;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.stele.store.BlobStore;
import org.stele.support.ArchiveState;
import org.stele.support.Bytes;
import org.stele.support.Chromium;
import org.stele.support.Deposits;

/**
 * Two versions built to differ in known ways are compared: the page (in a real Chromium) and the JSON name exactly the
 * files added, removed and changed, the size delta and the changed metadata and card fields; bad comparisons are
 * refused with a stable code and change nothing.
 */
@QuarkusTest
class CompareVersionsTest {
    static ChromeDriver browser;

    @TestHTTPResource("/")
    URL base;

    @Inject
    BlobStore store;

    @BeforeAll
    static void startBrowser() throws Exception {
        browser = Chromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static byte[] card(String task, String text) {
        return ("---\nlicense: mit\npipeline_tag: " + task + "\n---\n# Card\n\n" + text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Version 1 and version 2 of a model: kept.bin alike, changed.bin and the card changed, gone.bin removed, new.bin added. */
    private static String twoVersions(byte[] changedBefore, byte[] changedAfter, byte[] gone, byte[] added) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("kept.bin", Bytes.random(1000, 81));
        files.put("changed.bin", changedBefore);
        files.put("gone.bin", gone);
        files.put("README.md", card("text-generation", "first"));
        String m = Deposits.published("1", files);
        createVersion(m, "2").statusCode(201);
        putFile(m, "2", "kept.bin", files.get("kept.bin")).statusCode(201);
        putFile(m, "2", "changed.bin", changedAfter).statusCode(201);
        putFile(m, "2", "sub/new.bin", added).statusCode(201);
        putFile(m, "2", "README.md", card("text-classification", "second")).statusCode(201);
        publish(m, "2").statusCode(200);
        return m;
    }

    @Test
    void thePageAndTheJsonNameExactlyTheChangedFiles() throws Exception {
        byte[] before = Bytes.random(2000, 82);
        byte[] after = Bytes.random(2500, 83);
        byte[] gone = Bytes.random(700, 84);
        byte[] added = Bytes.random(300, 85);
        String m = twoVersions(before, after, gone, added);
        long sizeDelta = (after.length - before.length) - gone.length + added.length
                + card("text-classification", "second").length - card("text-generation", "first").length;

        JsonPath json = given().accept("application/json").get("/api/v1/models/" + m + "/compare?from=1&to=2").then()
                .statusCode(200).extract().jsonPath();
        assertThat(json.getList("added.path")).containsExactly("sub/new.bin");
        assertThat(json.getList("removed.path")).containsExactly("gone.bin");
        assertThat(json.getList("changed.path")).containsExactly("README.md", "changed.bin");
        assertThat(json.getInt("unchanged")).isEqualTo(1);
        assertThat(json.getLong("sizeDelta")).isEqualTo(sizeDelta);
        assertThat(json.getString("changed.find { it.path == 'changed.bin' }.fromDigest")).isEqualTo(Bytes.sha256(before));
        assertThat(json.getString("changed.find { it.path == 'changed.bin' }.toDigest")).isEqualTo(Bytes.sha256(after));
        assertThat(json.getString("added[0].toDigest")).isEqualTo(Bytes.sha256(added));
        assertThat(json.getList("card.field")).containsExactly("pipeline_tag");
        assertThat(json.getString("card[0].to")).isEqualTo("text-classification");
        assertThat(json.getString("from.version")).isEqualTo("1");
        assertThat(json.getString("to.version")).isEqualTo("2");

        // The page names the same files, and only them.
        browser.get(base + "models/" + m + "/compare?from=1&to=2");
        List<WebElement> rows = browser.findElements(By.cssSelector("#changes tbody tr"));
        Map<String, String> shown = new LinkedHashMap<>();
        for (WebElement row : rows) {
            shown.put(row.findElement(By.cssSelector("td.path")).getText(), row.findElement(By.cssSelector("td:nth-child(2)")).getText());
        }
        assertThat(shown).containsExactly(Map.entry("README.md", "changed"), Map.entry("changed.bin", "changed"),
                Map.entry("gone.bin", "removed"), Map.entry("sub/new.bin", "added"));
        assertThat(browser.findElement(By.id("file-counts")).getText()).isEqualTo("1 added, 1 removed, 2 changed, 1 unchanged");
        assertThat(browser.findElement(By.id("size-delta")).getText()).contains(String.format(java.util.Locale.ROOT, "%+,d bytes", sizeDelta));
        assertThat(browser.findElement(By.id("fields")).getText()).contains("card: pipeline_tag").contains("text-classification");
        assertThat(browser.findElement(By.id("compare-json")).getAttribute("href")).endsWith("/api/v1/models/" + m + "/compare?from=1&to=2");
        Chromium.screenshot(browser, "compare-page.png");

        // The newer version's page links to this comparison; the form chooses the same versions again.
        browser.get(base + "pid/" + Deposits.version(m, "2").extract().path("pid"));
        browser.findElement(By.id("compare-previous")).click();
        assertThat(browser.getCurrentUrl()).endsWith("/models/" + m + "/compare?from=1&to=2");
        browser.findElement(By.cssSelector(".compare-choice button")).click();
        assertThat(browser.findElements(By.cssSelector("#changes tbody tr"))).hasSize(4);
    }

    @Test
    void aVersionComparedWithItselfHasNoChanges() {
        String m = Deposits.published("1", Map.of("w.bin", Bytes.random(100, 86)));
        given().get("/api/v1/models/" + m + "/compare?from=1&to=latest").then().statusCode(200)
                .body("added.size()", equalTo(0)).body("removed.size()", equalTo(0)).body("changed.size()", equalTo(0))
                .body("unchanged", equalTo(1)).body("sizeDelta", equalTo(0));
    }

    @Test
    void badComparisonsAreRefusedWithAStableCodeAndChangeNothing() throws Exception {
        String m = twoVersions(Bytes.random(10, 87), Bytes.random(11, 88), Bytes.random(12, 89), Bytes.random(13, 90));
        createVersion(m, "3-draft").statusCode(201); // a draft: only the namespace's readers may see it
        ArchiveState before = ArchiveState.of(store);
        String api = "/api/v1/models/" + m + "/compare";
        refused(api + "?from=1&to=9", 404, "version_not_found");
        refused(api + "?from=1&to=3-draft", 404, "version_not_found");
        refused(api + "?from=1", 400, "invalid_request");
        refused(api + "?to=1", 400, "invalid_request");
        refused("/api/v1/models/lab/no-such-model/compare?from=1&to=2", 404, "model_not_found");
        // The page refuses the same way, as a page.
        assertThat(given().accept("text/html").get("/models/" + m + "/compare?from=1&to=9").then().statusCode(404)
                .contentType("text/html").extract().asString()).contains("no version 9");
        // A token that may read the namespace sees the draft.
        given().header("Authorization", Deposits.AUTH).get(api + "?from=2&to=3-draft").then().statusCode(200)
                .body("to.state", equalTo("draft")).body("removed.size()", equalTo(4));
        assertThat(ArchiveState.of(store)).isEqualTo(before);
    }

    private static void refused(String path, int status, String code) {
        given().accept("application/json").get(path).then().statusCode(status).contentType("application/problem+json")
                .body("code", equalTo(code));
    }
}
