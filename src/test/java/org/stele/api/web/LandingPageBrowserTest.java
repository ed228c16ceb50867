package org.stele.api.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.stele.support.Deposits.AUTH;
import static org.stele.support.Deposits.createVersion;
import static org.stele.support.Deposits.publish;
import static org.stele.support.Deposits.putFile;
import static org.stele.support.Deposits.version;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.stele.support.Bytes;
import org.stele.support.Chromium;
import org.stele.support.Deposits;

/** The landing pages as a reader sees them, in a real headless Chromium. */
@QuarkusTest
class LandingPageBrowserTest {
    static final String HOSTILE_CARD = """
            ---
            license: mit
            ---
            # Tiny model

            <script>window.__pwned = 'script';</script>
            <img src="x" onerror="window.__pwned = 'onerror'">
            [click me](javascript:window.__pwned='link')
            <a href="javascript:window.__pwned='raw-link'">raw</a>

            | metric | value |
            |---|---|
            | accuracy | 0.9 |
            """;

    static ChromeDriver browser;

    @TestHTTPResource("/")
    URL base;

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

    @Test
    void aVersionPageShowsTheRecordAndRunsNothingFromTheCard() throws Exception {
        byte[] weights = Bytes.random(70_000, 60);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("model.safetensors", weights);
        files.put("README.md", HOSTILE_CARD.getBytes(StandardCharsets.UTF_8));
        String m = Deposits.published("1.0.0", files);
        String pid = version(m, "1.0.0").extract().path("pid");
        String manifest = version(m, "1.0.0").extract().path("manifestDigest");

        browser.get(base.toString() + "pid/" + pid);
        assertThat(browser.getTitle()).contains("A model called").contains("1.0.0");
        assertThat(browser.findElement(By.id("pid")).getText()).contains(pid);
        assertThat(browser.findElement(By.id("manifest")).getText()).isEqualTo(manifest);
        assertThat(browser.findElement(By.id("citation-bibtex")).getText()).contains("1.0.0");
        List<WebElement> rows = browser.findElements(By.cssSelector("table.files tbody tr"));
        assertThat(rows).hasSize(2);
        assertThat(browser.findElement(By.cssSelector("table.files")).getText()).contains(Bytes.sha256(weights).substring(7));

        String href = browser.findElement(By.linkText("model.safetensors")).getAttribute("href");
        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(href)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.body()).isEqualTo(weights);

        // The card rendered, but none of its payloads exist as live markup or ran.
        WebElement card = browser.findElement(By.cssSelector(".model-card"));
        assertThat(card.findElement(By.tagName("h1")).getText()).isEqualTo("Tiny model");
        assertThat(card.findElements(By.tagName("table"))).hasSize(1);
        assertThat(card.findElements(By.tagName("script"))).isEmpty();
        assertThat(card.findElements(By.cssSelector("[onerror]"))).isEmpty();
        assertThat(card.findElements(By.cssSelector("a[href^='javascript']"))).isEmpty();
        assertThat(card.getText()).contains("<script>"); // shown as text, as the authors wrote it
        for (WebElement link : card.findElements(By.tagName("a"))) {
            link.click();
        }
        assertThat(((JavascriptExecutor) browser).executeScript("return window.__pwned === undefined")).isEqualTo(true);
        screenshot("version-page.png");
    }

    @Test
    void aWithdrawnVersionShowsItsTombstoneWithoutDownloads() throws Exception {
        String m = Deposits.published("1", Map.of("w.bin", Bytes.random(100, 61)));
        createVersion(m, "2").statusCode(201);
        putFile(m, "2", "w.bin", Bytes.random(100, 62)).statusCode(201);
        publish(m, "2").statusCode(200);
        String pid = version(m, "2").extract().path("pid");
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("reason", "Licence of the training data revoked"))
                .post("/api/v1/models/" + m + "/versions/2/withdraw").then().statusCode(200);

        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "pid/" + pid))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(410);

        browser.get(base.toString() + "pid/" + pid);
        assertThat(browser.findElement(By.id("reason")).getText()).isEqualTo("Licence of the training data revoked");
        assertThat(browser.findElement(By.id("pid")).getText()).contains(pid);
        assertThat(browser.findElements(By.cssSelector("a[href*='/files/']"))).isEmpty();
        screenshot("tombstone-page.png");

        // The older version's page says a newer one exists only while one does: version 2 is withdrawn, 1 is latest.
        String pid1 = version(m, "1").extract().path("pid");
        browser.get(base.toString() + "pid/" + pid1);
        assertThat(browser.findElements(By.cssSelector(".banner"))).isEmpty();
    }

    private static void screenshot(String name) throws Exception {
        Chromium.screenshot(browser, name);
    }
}
