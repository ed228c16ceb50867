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
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.stele.support.Axe;
import org.stele.support.Bytes;
import org.stele.support.Chromium;
import org.stele.support.Deposits;

/**
 * The readers' pages meet WCAG 2.1 AA as axe-core checks it in a real Chromium: zero violations on the home page, a
 * search, a model page, a version page, a comparison, a tombstone, the preservation policy and a problem page, each
 * served under the strict Content-Security-Policy. Screenshots of each go to target/screenshots/.
 */
@QuarkusTest
class AccessibilityBrowserTest {
    private static final String CARD = """
            ---
            license: apache-2.0
            pipeline_tag: text-generation
            tags: [tiny, test]
            ---
            # Accessible model

            A card with a table.

            | metric | value |
            |---|---|
            | accuracy | 0.9 |
            """;

    static ChromeDriver browser;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void startBrowser() throws Exception {
        Axe.require();
        browser = Chromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void everyReadersPageHasNoWcag21AaViolation() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("model.safetensors", Bytes.random(5000, 71));
        files.put("README.md", CARD.getBytes(StandardCharsets.UTF_8));
        String m = Deposits.published("1.0", files);
        createVersion(m, "2.0").statusCode(201);
        putFile(m, "2.0", "model.safetensors", Bytes.random(6000, 72)).statusCode(201);
        putFile(m, "2.0", "README.md", CARD.replace("0.9", "0.95").getBytes(StandardCharsets.UTF_8)).statusCode(201);
        publish(m, "2.0").statusCode(200);
        createVersion(m, "3.0").statusCode(201);
        putFile(m, "3.0", "model.safetensors", Bytes.random(100, 73)).statusCode(201);
        publish(m, "3.0").statusCode(200);
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("reason", "Published by mistake"))
                .post("/api/v1/models/" + m + "/versions/3.0/withdraw").then().statusCode(200);
        String name = m.substring(m.indexOf('/') + 1);

        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("home", "");
        pages.put("search", "?q=" + name);
        pages.put("model", "models/" + m);
        pages.put("version", "pid/" + version(m, "2.0").extract().path("pid"));
        pages.put("compare", "models/" + m + "/compare?from=1.0&to=2.0");
        pages.put("tombstone", "pid/" + version(m, "3.0").extract().path("pid"));
        pages.put("policy", "preservation-policy");
        pages.put("problem", "models/lab/no-such-model-" + name);

        StringBuilder failures = new StringBuilder();
        for (Map.Entry<String, String> page : pages.entrySet()) {
            // Every page is served under the strict policy the harness must work despite.
            assertThat(given().accept("text/html").get("/" + page.getValue()).then().extract().header("Content-Security-Policy"))
                    .as(page.getKey() + " page's CSP").contains("script-src 'self'").doesNotContain("unsafe-inline");
            browser.get(base + page.getValue());
            Chromium.screenshot(browser, "a11y-" + page.getKey() + ".png");
            String violations = Axe.violations(browser);
            if (!violations.isEmpty()) {
                failures.append(page.getKey()).append(" (/").append(page.getValue()).append("):\n").append(violations);
            }
        }
        assertThat(failures.toString()).as("axe-core WCAG 2.1 A/AA violations").isEmpty();
    }

    @Test
    void theHarnessReportsAViolationWhenThereIsOne() throws Exception {
        browser.get(base + "preservation-policy");
        // An unlabelled field and an image without text, added to the page: axe must name both.
        browser.executeScript("""
                var i = document.createElement('input'); i.type = 'text'; document.querySelector('main').appendChild(i);
                var img = document.createElement('img'); img.src = '/stele.css'; document.querySelector('main').appendChild(img);""");
        assertThat(Axe.violations(browser)).contains("- label (").contains("- image-alt (");
    }
}
