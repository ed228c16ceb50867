package org.stele.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Model cards are the authors' text, rendered as inert HTML. */
class ModelCardsTest {
    final ModelCards cards = new ModelCards(null);

    @Test
    void rawHtmlIsEscapedNotPassedThrough() {
        String html = cards.render("<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n<iframe src=//evil></iframe>");
        assertThat(html).doesNotContain("<script").doesNotContain("<img").doesNotContain("<iframe")
                .contains("&lt;script&gt;").contains("&lt;img src=x onerror=alert(2)&gt;");
    }

    @Test
    void unsafeLinkSchemesAreRemoved() {
        String html = cards.render("[a](javascript:alert(1)) [b](JaVaScRiPt:alert(2)) [c](vbscript:x) [d](https://example.org/card)"
                + " ![e](javascript:alert(3))");
        assertThat(html.toLowerCase()).doesNotContain("javascript:").doesNotContain("vbscript:");
        assertThat(html).contains("href=\"https://example.org/card\"");
    }

    @Test
    void frontMatterIsMetadataNotProse() {
        assertThat(ModelCards.withoutFrontMatter("---\nlicense: mit\ntags: [a]\n---\n# Title\n")).isEqualTo("# Title\n");
        assertThat(ModelCards.withoutFrontMatter("# No front matter\n---\n")).isEqualTo("# No front matter\n---\n");
        assertThat(cards.render("---\nlicense: mit\n---\n# Title")).isEqualTo("<h1>Title</h1>\n");
    }

    @Test
    void tablesRender() {
        assertThat(cards.render("| a | b |\n|---|---|\n| 1 | 2 |\n")).contains("<table>").contains("<td>1</td>");
    }
}
