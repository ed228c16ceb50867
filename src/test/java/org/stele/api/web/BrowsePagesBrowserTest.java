package org.stele.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stele.api.web.BrowseFixtures.card;
import static org.stele.api.web.BrowseFixtures.publish;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.stele.support.Chromium;

/** The home, search and model pages as a reader sees them, in a real headless Chromium, with no script needed. */
@QuarkusTest
class BrowsePagesBrowserTest {
    static ChromeDriver browser;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void startBrowser() throws Exception {
        // The pages must work without script: this browser runs none of ours.
        browser = Chromium.start("--blink-settings=scriptEnabled=false");
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void facetsNarrowTheResultsAndTheirUrlsCanBeShared() throws Exception {
        String ns = BrowseFixtures.namespace("bbf");
        publish(BrowseFixtures.model(ns, "one", false), "1", "MIT", card("library_name: transformers", "pipeline_tag: fill-mask"));
        publish(BrowseFixtures.model(ns, "two", false), "1", "MIT", card("library_name: diffusers", "pipeline_tag: fill-mask"));
        publish(BrowseFixtures.model(ns, "three", false), "1", "Apache-2.0", card("library_name: diffusers"));
        publish(BrowseFixtures.model(ns, "four", true), "1", "MIT", card("library_name: diffusers"));

        browser.get(base + "?namespace=" + ns);
        long total = Long.parseLong(browser.findElement(By.id("count-versions")).getText());
        assertThat(total).isEqualTo(3);
        assertThat(browser.findElements(By.cssSelector("li.hit"))).hasSize(3);
        for (String facet : List.of("license", "library", "pipelineTag", "signed", "namespace")) {
            long sum = browser.findElements(By.cssSelector("li.facet-value[data-facet='" + facet + "']")).stream()
                    .mapToLong(li -> Long.parseLong(li.findElement(By.className("count")).getText())).sum();
            assertThat(sum).as(facet).isEqualTo(total);
        }
        Chromium.screenshot(browser, "search-page.png");

        browser.findElement(By.cssSelector("li[data-facet='library'][data-value='diffusers'] a")).click();
        assertThat(browser.getCurrentUrl()).contains("namespace=" + ns).contains("library=diffusers");
        assertThat(browser.findElement(By.id("count-versions")).getText()).isEqualTo("2");
        browser.findElement(By.cssSelector("li[data-facet='license'][data-value='mit'] a")).click();
        String shared = browser.getCurrentUrl();
        assertThat(shared).contains("namespace=" + ns).contains("library=diffusers").contains("license=mit");
        List<String> results = hitTexts();
        assertThat(results).hasSize(1).allMatch(t -> t.contains(ns + "/two"));

        // Opened fresh, elsewhere: the same results.
        browser.get(base.toString());
        browser.get(shared);
        assertThat(hitTexts()).isEqualTo(results);
        assertThat(browser.findElement(By.cssSelector("li[data-facet='license'][data-value='mit'] a")).getAttribute("aria-current"))
                .isEqualTo("true");

        // Typing a query keeps the facets chosen.
        WebElement q = browser.findElement(By.id("q"));
        q.sendKeys("two");
        q.submit();
        assertThat(browser.getCurrentUrl()).contains("q=two").contains("library=diffusers").contains("license=mit");
        assertThat(hitTexts()).isEqualTo(results);

        browser.get(base.toString());
        assertThat(browser.findElement(By.id("count-bytes")).getText()).matches("[0-9.]+ (B|KiB|MiB|GiB|TiB)");
        assertThat(browser.findElement(By.cssSelector("nav[aria-label='Site']")).getText()).contains("API document")
                .contains("Preservation policy");
        Chromium.screenshot(browser, "home-page.png");
    }

    @Test
    void theLineageGraphShowsBasesUpstreamAndDerivativesDownstream() throws Exception {
        String ns = BrowseFixtures.namespace("bbl");
        String a = BrowseFixtures.model(ns, "a", false);
        publish(a, "1", "MIT", card("library_name: transformers"));
        String b = BrowseFixtures.model(ns, "b", false);
        publish(b, "1", "MIT", card("base_model:", "  - " + a, "  - far-away-lab/foundation-7b", "base_model_relation: finetune"));
        String c = BrowseFixtures.model(ns, "c", false);
        publish(c, "1", "MIT", card("base_model: " + b + "@1", "base_model_relation: quantized"));
        String hidden = BrowseFixtures.model(ns, "hidden", true);
        publish(hidden, "1", "MIT", card("base_model: " + b));

        browser.get(base + "models/" + b);
        WebElement svg = browser.findElement(By.cssSelector("figure.lineage svg"));
        assertThat(svg.getAttribute("role")).isEqualTo("img");
        assertThat(svg.findElement(By.tagName("title")).getAttribute("textContent")).contains(b);
        assertThat(svg.findElement(By.tagName("desc")).getAttribute("textContent"))
                .contains("2 base models upstream (1 outside this archive)").contains("1 derived model downstream");
        assertThat(node(svg, b).getAttribute("class")).contains("self");
        assertThat(node(svg, a).getAttribute("class")).contains("archived");
        assertThat(node(svg, "far-away-lab/foundation-7b").getAttribute("class")).contains("external");
        assertThat(node(svg, c).getAttribute("class")).contains("archived");
        assertThat(svg.findElements(By.cssSelector("g.node"))).hasSize(4); // not the restricted derivative
        assertThat(svg.findElements(By.cssSelector("line.edge"))).hasSize(3);
        // Upstream boxes stand left of the model, derivatives right of it.
        int self = x(node(svg, b));
        assertThat(x(node(svg, a))).isLessThan(self);
        assertThat(x(node(svg, "far-away-lab/foundation-7b"))).isLessThan(self);
        assertThat(x(node(svg, c))).isGreaterThan(self);

        WebElement upstream = browser.findElement(By.cssSelector("ul.upstream"));
        assertThat(upstream.findElement(By.cssSelector("li[data-model='" + a + "'] a")).getAttribute("href")).endsWith("/models/" + a);
        WebElement external = upstream.findElement(By.cssSelector("li[data-model='far-away-lab/foundation-7b']"));
        assertThat(external.getText()).contains("external");
        assertThat(external.findElement(By.tagName("a")).getAttribute("href")).isEqualTo("https://huggingface.co/far-away-lab/foundation-7b");
        assertThat(browser.findElement(By.cssSelector("ul.downstream")).getText()).contains(c).doesNotContain(hidden);
        tallScreenshot("model-page-lineage.png");

        // From the end of the chain, the chain two levels up.
        browser.get(base + "models/" + c);
        WebElement fromC = browser.findElement(By.cssSelector("figure.lineage svg"));
        assertThat(x(node(fromC, a))).isLessThan(x(node(fromC, b)));
        assertThat(x(node(fromC, b))).isLessThan(x(node(fromC, c)));
    }

    @Test
    void theTimelineShowsWithdrawnAndEmbargoedVersionsAndAliases() throws Exception {
        String model = BrowseFixtures.model(BrowseFixtures.namespace("bbt"), "t", false);
        publish(model, "1.0", "MIT", card("library_name: transformers"));
        publish(model, "1.1", "MIT", card("library_name: transformers"));
        BrowseFixtures.withdraw(model, "1.1");
        Instant opens = Instant.now().plus(400, ChronoUnit.DAYS);
        publish(model, "2.0", "MIT", card("library_name: transformers"), opens, null);
        BrowseFixtures.alias(model, "stable", "1.0");

        browser.get(base + "models/" + model);
        WebElement first = release("1.0");
        assertThat(first.getAttribute("data-state")).isEqualTo("published");
        assertThat(first.findElement(By.cssSelector(".alias[data-alias='stable']")).getText()).contains("stable");
        WebElement withdrawn = release("1.1");
        assertThat(withdrawn.getAttribute("data-state")).isEqualTo("withdrawn");
        assertThat(withdrawn.getText()).contains("withdrawn");
        WebElement embargoed = release("2.0");
        assertThat(embargoed.getAttribute("data-state")).isEqualTo("embargoed");
        assertThat(embargoed.getText()).contains("under embargo").contains(opens.toString().substring(0, 10));
        assertThat(embargoed.findElement(By.cssSelector(".alias[data-alias='latest']")).getText()).contains("latest");
        assertThat(browser.findElements(By.cssSelector("ol.timeline li"))).hasSize(3);
        // The concept citation is there as before.
        assertThat(browser.findElement(By.id("pid")).getText()).contains("/");
        assertThat(browser.findElement(By.cssSelector("figure.lineage, #lineage")).isDisplayed()).isTrue();
        tallScreenshot("model-page-timeline.png");
    }

    private static WebElement release(String label) {
        return browser.findElement(By.cssSelector("ol.timeline li[data-version='" + label + "']"));
    }

    private static WebElement node(WebElement svg, String label) {
        return svg.findElement(By.cssSelector("g.node[data-label='" + label + "']"));
    }

    private static int x(WebElement node) {
        return Integer.parseInt(node.findElement(By.tagName("rect")).getAttribute("x"));
    }

    private static List<String> hitTexts() {
        return browser.findElements(By.cssSelector("li.hit")).stream().map(WebElement::getText).toList();
    }

    /** The whole of a long page, timeline and lineage included. */
    private static void tallScreenshot(String name) throws Exception {
        org.openqa.selenium.Dimension size = browser.manage().window().getSize();
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 2400));
        try {
            Chromium.screenshot(browser, name);
        } finally {
            browser.manage().window().setSize(size);
        }
    }
}
