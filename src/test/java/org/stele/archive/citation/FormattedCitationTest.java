package org.stele.archive.citation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.stele.archive.reading.VersionRecord;
import org.stele.domain.ArchiveException;

class FormattedCitationTest {
    private static final Citations CITATIONS = SampleRecords.UNREGISTERED;
    private static final VersionRecord TWO_AUTHORS =
            SampleRecords.with(SampleRecords.minimal(), "Tiny LLM", List.of(SampleRecords.ZOE, SampleRecords.JOSE), "MIT");

    /** Registration off: the identifier is the archive's resolver URL in every style. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        apa                 | Ångström, Z., & Ñúñez, J. (2026). Tiny LLM (Version 1.0) [Computer software]. Stele. https://archive.example.org/pid/10.5072/1f79-e126
        ieee                | Z. Ångström and J. Ñúñez, Tiny LLM. (Mar. 04, 2026). Stele. [Online]. Available: https://archive.example.org/pid/10.5072/1f79-e126
        harvard             | Ångström, Z. and Ñúñez, J. (2026) “Tiny LLM.” Stele. Available at: https://archive.example.org/pid/10.5072/1f79-e126.
        chicago-author-date | Ångström, Zoë, and José Ñúñez. 2026. Tiny LLM. V. 1.0. Stele, Released March 4. https://archive.example.org/pid/10.5072/1f79-e126.
        """)
    void eachStyleGivesOneLineOfPlainText(String style, String expected) {
        assertThat(CITATIONS.render(CitationFormat.CITATION, TWO_AUTHORS, style, null)).isEqualTo(expected);
    }

    /** A registered, findable DOI: each style prints it its own way. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        apa                 | Ångström, Z., & Ñúñez, J. (2026). Tiny LLM (Version 1.0) [Computer software]. Stele. https://doi.org/10.5072/1f79-e126
        ieee                | Z. Ångström and J. Ñúñez, Tiny LLM. (Mar. 04, 2026). Stele. doi: 10.5072/1f79-e126.
        harvard             | Ångström, Z. and Ñúñez, J. (2026) “Tiny LLM.” Stele. Available at: https://doi.org/10.5072/1f79-e126.
        chicago-author-date | Ångström, Zoë, and José Ñúñez. 2026. Tiny LLM. V. 1.0. Stele, Released March 4. https://doi.org/10.5072/1f79-e126.
        """)
    void eachStylePrintsARegisteredDoi(String style, String expected) {
        assertThat(SampleRecords.REGISTERED.render(CitationFormat.CITATION, TWO_AUTHORS, style, null)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"APA", " apa "})
    void apaIsTheDefaultAndNamesIgnoreCase(String style) {
        assertThat(CITATIONS.render(CitationFormat.CITATION, TWO_AUTHORS, style, null))
                .isEqualTo(CITATIONS.render(CitationFormat.CITATION, TWO_AUTHORS, "apa", "en-US"));
    }

    @Test
    void theCslIdOfHarvardIsAcceptedToo() {
        assertThat(CITATIONS.render(CitationFormat.CITATION, TWO_AUTHORS, "harvard-cite-them-right", null))
                .isEqualTo(CITATIONS.render(CitationFormat.CITATION, TWO_AUTHORS, "harvard", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mla", "vancouver", "../apa", "apa.csl", "locales-en-US"})
    void anUnknownStyleIsRefusedWith406(String style) {
        assertThatThrownBy(() -> CITATIONS.render(CitationFormat.CITATION, TWO_AUTHORS, style, null))
                .isInstanceOfSatisfying(ArchiveException.class, e -> {
                    assertThat(org.stele.api.http.ErrorCodes.status(e)).isEqualTo(406);
                    assertThat(e.code()).isEqualTo("unsupported_style");
                    assertThat(org.stele.api.http.ErrorCodes.title(e)).isEqualTo("Unsupported citation style");
                    assertThat(e.getMessage()).isEqualTo("supported styles: apa, ieee, harvard, chicago-author-date");
                });
    }

    @Test
    void styleOnlyMattersForTheCitationFormat() {
        assertThat(CITATIONS.render(CitationFormat.BIBTEX, TWO_AUTHORS, "mla", null))
                .isEqualTo(CITATIONS.render(CitationFormat.BIBTEX, TWO_AUTHORS, null, null));
    }

    @Test
    void stylesAreListed() {
        assertThat(Citations.styles()).containsExactly("apa", "ieee", "harvard", "chicago-author-date");
    }

    @ParameterizedTest
    @CsvSource({
        "de, [Software]",
        "de-DE, [Software]",
        "fr-fr, [Logiciel]",
        "en-GB, [Computer software]",
    })
    void theLocaleTranslatesTheStylesTerms(String locale, String term) {
        assertThat(CITATIONS.render(CitationFormat.CITATION, TWO_AUTHORS, "apa", locale)).contains(term);
    }

    @ParameterizedTest
    @ValueSource(strings = {"xx-YY", "../../etc/passwd", "en_US", "", "klingon-language"})
    void anUnknownOrMalformedLocaleFallsBackToEnglish(String locale) {
        assertThat(CITATIONS.render(CitationFormat.CITATION, TWO_AUTHORS, "apa", locale))
                .isEqualTo(CITATIONS.render(CitationFormat.CITATION, TWO_AUTHORS, "apa", "en-US"));
    }

    @Test
    void withdrawnVersionIsMarkedAfterTheReference() {
        String text = CITATIONS.render(CitationFormat.CITATION, SampleRecords.withdrawn(), "apa", null);
        assertThat(text).contains("(Version 2.0.1)")
                .endsWith("https://archive.example.org/pid/10.5072/1f79-e126 [Withdrawn on 2026-05-01: Training data had <personal> data & had to go]")
                .doesNotContain("\n");
    }

    @Test
    void conceptIsCitedWithoutVersion() {
        String text = CITATIONS.render(CitationFormat.CITATION, SampleRecords.concept(), "apa", null);
        assertThat(text).startsWith("Ångström, Z., Ñúñez, J., Ludwig van Beethoven, Example Lab & Co., & Lovelace, A. (2026). ")
                .doesNotContain("Version").endsWith("https://archive.example.org/pid/10.5072/nsbt-zz71");
        assertThat(SampleRecords.REGISTERED.render(CitationFormat.CITATION, SampleRecords.concept(), "apa", null))
                .endsWith("https://doi.org/10.5072/nsbt-zz71");
    }

    @Test
    void theManifestDigestIsNoPartOfTheReference() {
        for (String style : Citations.styles()) {
            assertThat(CITATIONS.render(CitationFormat.CITATION, SampleRecords.full(), style, null)).doesNotContain("sha256");
        }
    }
}
