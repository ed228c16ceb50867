package org.stele.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * axe-core (npm, installed by .ci/run under src/test/axe-js; another copy by -Dstele-test.axe=path/to/axe.min.js) run in
 * the page the browser shows. The script is injected by WebDriver, which the page's Content-Security-Policy does not
 * govern, so the pages keep their strict policy while tested.
 */
public final class Axe {
    /** WCAG 2.0 and 2.1, levels A and AA. */
    private static final String TAGS = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Axe() {
    }

    public static Path script() {
        return Path.of(System.getProperty("stele-test.axe", "src/test/axe-js/node_modules/axe-core/axe.min.js"));
    }

    /** Requires axe-core as {@link Clients#require} does: a skip locally, a failure in CI. */
    public static void require() {
        Clients.require(Files.isRegularFile(script()), "axe-core (npm ci --prefix src/test/axe-js)");
    }

    /** The WCAG 2.1 A/AA violations on the page the browser shows, one readable paragraph each; empty when none. */
    public static String violations(ChromeDriver browser) throws Exception {
        browser.executeScript(Files.readString(script(), StandardCharsets.UTF_8));
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        Object answer = browser.executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                axe.run(document, { runOnly: { type: 'tag', values: %s }, resultTypes: ['violations'] })
                   .then(function (r) { done(JSON.stringify({ version: axe.version, violations: r.violations })); },
                         function (e) { done(JSON.stringify({ error: String(e) })); });""".formatted(TAGS));
        JsonNode result = JSON.readTree((String) answer);
        if (result.has("error")) {
            throw new AssertionError("axe-core failed to run: " + result.get("error").asText());
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode v : result.get("violations")) {
            out.append("- ").append(v.get("id").asText()).append(" (").append(v.get("impact").asText()).append("): ")
                    .append(v.get("help").asText()).append(" ").append(v.get("helpUrl").asText()).append('\n');
            for (JsonNode node : v.get("nodes")) {
                out.append("    at ").append(node.get("target")).append(": ").append(node.get("failureSummary").asText()
                        .replace("\n", " ")).append('\n');
            }
        }
        return out.toString();
    }
}
