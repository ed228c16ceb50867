package org.stele.api.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.stele.api.web.BrowseFixtures.card;
import static org.stele.api.web.BrowseFixtures.count;
import static org.stele.api.web.BrowseFixtures.facet;
import static org.stele.api.web.BrowseFixtures.publish;
import static org.stele.support.Deposits.AUTH;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The home and search page as HTML: counts, facets with counts, filters that keep each other, paging, visibility. */
@QuarkusTest
class BrowseSearchPagesTest {
    private static final Pattern HIT = Pattern.compile("<li class=\"hit\"><a href=\"(/pid/[^\"]+)\"");
    private static final Pattern NEXT = Pattern.compile("href=\"([^\"]+)\" rel=\"next\"");

    /** Three public versions and, in the same namespace, a restricted one, a withdrawn one and a draft. */
    private record Fixture(String namespace, String alpha, String beta, String gamma, String secret) {
    }

    private static Fixture fixture() throws Exception {
        String ns = BrowseFixtures.namespace("brw");
        String alpha = BrowseFixtures.model(ns, "alpha", false);
        KeyPair key = BrowseFixtures.signingKey(ns);
        publish(alpha, "1", "MIT", card("library_name: transformers", "pipeline_tag: text-generation", "tags: [llm, small]"),
                null, key);
        String beta = BrowseFixtures.model(ns, "beta", false);
        publish(beta, "1", "Apache-2.0", card("library_name: transformers", "pipeline_tag: text-generation", "tags: [llm]"));
        publish(beta, "2", "Apache-2.0", card("library_name: transformers", "tags: [llm]"));
        BrowseFixtures.withdraw(beta, "2");
        org.stele.support.Deposits.createVersion(beta, "3-draft").statusCode(201);
        String gamma = BrowseFixtures.model(ns, "gamma", false);
        publish(gamma, "1", "MIT", card("library_name: diffusers", "pipeline_tag: text-to-image"));
        String secret = BrowseFixtures.model(ns, "secret", true);
        publish(secret, "1", "MIT", card("library_name: diffusers", "pipeline_tag: text-to-image", "tags: [hidden-tag]"));
        return new Fixture(ns, alpha, beta, gamma, secret);
    }

    private static String page(String url) {
        return given().accept("text/html").get(url).then().statusCode(200).extract().asString();
    }

    @Test
    void facetCountsAddUpAndLeaveOutWhatTheReaderMayNotSee() throws Exception {
        Fixture f = fixture();
        String html = page("/?namespace=" + f.namespace());
        assertThat(count(html, "versions")).isEqualTo("3");
        assertThat(count(html, "models")).isEqualTo("3");
        assertThat(facet(html, "license")).containsExactly(Map.entry("mit", 2L), Map.entry("apache-2.0", 1L));
        assertThat(facet(html, "library")).containsExactly(Map.entry("transformers", 2L), Map.entry("diffusers", 1L));
        assertThat(facet(html, "pipelineTag")).containsExactly(Map.entry("text-generation", 2L), Map.entry("text-to-image", 1L));
        assertThat(facet(html, "signed")).containsExactly(Map.entry("false", 2L), Map.entry("true", 1L));
        assertThat(facet(html, "namespace")).containsExactly(Map.entry(f.namespace(), 3L));
        assertThat(facet(html, "tag")).containsEntry("llm", 2L).containsEntry("small", 1L).doesNotContainKey("hidden-tag");
        for (String single : List.of("license", "library", "pipelineTag", "signed", "namespace")) {
            assertThat(facet(html, single).values().stream().mapToLong(Long::longValue).sum()).as(single).isEqualTo(3);
        }
        assertThat(hits(html)).hasSize(3);
        assertThat(html).doesNotContain(f.secret()).doesNotContain("3-draft");

        // The admin reads the restricted model: counted and listed for him, and the anonymous answer is not his.
        String admin = given().accept("text/html").header("Authorization", AUTH).get("/?namespace=" + f.namespace()).then()
                .statusCode(200).extract().asString();
        assertThat(count(admin, "versions")).isEqualTo("4");
        assertThat(facet(admin, "tag")).containsEntry("hidden-tag", 1L);
        assertThat(admin).contains(f.secret());
        assertThat(count(page("/?namespace=" + f.namespace()), "versions")).isEqualTo("3");
    }

    @Test
    void aFacetLinkNarrowsAndKeepsTheOtherFilters() throws Exception {
        Fixture f = fixture();
        String html = page("/?namespace=" + f.namespace());
        String mit = link(html, "license", "mit");
        assertThat(mit).isEqualTo("/?namespace=" + f.namespace() + "&license=mit");
        String narrowed = page(mit);
        assertThat(count(narrowed, "versions")).isEqualTo("2");
        assertThat(facet(narrowed, "library")).containsExactly(Map.entry("diffusers", 1L), Map.entry("transformers", 1L));
        String both = link(narrowed, "library", "diffusers");
        assertThat(both).isEqualTo("/?namespace=" + f.namespace() + "&license=mit&library=diffusers");
        String one = page(both);
        assertThat(hits(one)).hasSize(1);
        assertThat(count(one, "versions")).isEqualTo("1");
        assertThat(one).contains(f.gamma());
        // The selected value's link takes its filter off again, the others stay.
        assertThat(link(one, "library", "diffusers")).isEqualTo(mit);
        // The text query keeps the filters too: they ride along the search form as hidden fields.
        assertThat(one).contains("<input type=\"hidden\" name=\"license\" value=\"mit\">");
        assertThat(hits(page("/?q=" + f.gamma().split("/")[1] + "&namespace=" + f.namespace() + "&signed=true"))).isEmpty();
        assertThat(hits(page("/?namespace=" + f.namespace() + "&signed=true"))).hasSize(1);
    }

    @Test
    void pagesFollowOnThroughPlainUrls() {
        String ns = BrowseFixtures.namespace("brp");
        String model = BrowseFixtures.model(ns, "many", false);
        for (int i = 1; i <= SearchPages.PAGE + 2; i++) {
            publish(model, Integer.toString(i), "MIT", card("library_name: peft"));
        }
        String first = page("/?namespace=" + ns);
        assertThat(hits(first)).hasSize(SearchPages.PAGE);
        Matcher next = NEXT.matcher(first);
        assertThat(next.find()).isTrue();
        String nextUrl = next.group(1).replace("&amp;", "&");
        assertThat(nextUrl).startsWith("/?namespace=" + ns + "&cursor=");
        String second = page(nextUrl);
        assertThat(hits(second)).hasSize(2).doesNotContainAnyElementsOf(hits(first));
        assertThat(NEXT.matcher(second).find()).isFalse();
        assertThat(second).contains("rel=\"first\"");
        assertThat(hits(page(nextUrl))).isEqualTo(hits(second));
        // Counts are of the whole query, not of the page.
        assertThat(count(second, "versions")).isEqualTo(Integer.toString(SearchPages.PAGE + 2));
    }

    @Test
    void theHomePageCountsTheArchiveAndFollowsNewPublications() throws Exception {
        String before = page("/");
        long versions = Long.parseLong(count(before, "versions"));
        assertThat(before).contains("id=\"count-bytes\"").contains("href=\"/preservation-policy\"").contains("href=\"/q/openapi\"");
        long bytes = Long.parseLong(before.replaceAll("(?s).*data-bytes=\"(\\d+)\".*", "$1"));
        String ns = BrowseFixtures.namespace("brh");
        publish(BrowseFixtures.model(ns, "fresh", false), "1", "MIT", card("library_name: timm"));
        String after = page("/");
        assertThat(Long.parseLong(count(after, "versions"))).isEqualTo(versions + 1);
        assertThat(Long.parseLong(after.replaceAll("(?s).*data-bytes=\"(\\d+)\".*", "$1"))).isGreaterThan(bytes);
        // A restricted publication moves nothing an anonymous reader sees.
        publish(BrowseFixtures.model(ns, "hidden", true), "1", "MIT", card("library_name: timm"));
        assertThat(Long.parseLong(count(page("/"), "versions"))).isEqualTo(versions + 1);
    }

    @Test
    void everyBrowsePageIsSecuredAndNeedsNoInlineScriptOrStyle() throws Exception {
        Fixture f = fixture();
        for (String url : List.of("/", "/?q=alpha", "/?namespace=" + f.namespace() + "&license=mit", "/models/" + f.beta(),
                "/?signed=maybe")) {
            Response answer = given().accept("text/html").get(url);
            assertThat(answer.header("Content-Security-Policy")).as(url).contains("script-src 'self'").contains("style-src 'self'");
            String html = answer.asString();
            assertThat(html).as(url).doesNotContain(" style=").doesNotContain("<style");
            assertThat(html.replaceAll("<script src=\"/stele.js\" defer></script>", "")
                    .replaceAll("(?s)<script type=\"application/ld\\+json\">.*?</script>", "")).as(url).doesNotContain("<script");
            assertThat(html).as(url).contains("<main id=\"content\"").contains("<nav class=\"site\" aria-label=\"Site\">");
        }
        Response bad = given().accept("text/html").get("/?signed=maybe");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.asString()).contains("signed is true or false");
    }

    private static List<String> hits(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = HIT.matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The href of a facet value's link, unescaped. */
    private static String link(String html, String facet, String value) {
        Matcher m = Pattern.compile("data-facet=\"" + facet + "\" data-value=\"" + Pattern.quote(value)
                + "\" data-count=\"\\d+\">\\s*<a href=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as(facet + "=" + value).isTrue();
        return m.group(1).replace("&amp;", "&");
    }

}
