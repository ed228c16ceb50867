package org.stele.archive.citation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stele.domain.Author;

class BibTexTest {

    @Test
    void minimalVersionIsAMiscEntryWithEveryCitationField() {
        // Not registered: no doi field; the resolver is the URL and the note names the identifier.
        assertThat(SampleRecords.render(CitationFormat.BIBTEX, SampleRecords.minimal())).isEqualTo("""
                @misc{lovelace2026tinyllm_1f79,
                  title = {{Tiny LLM}},
                  author = {Lovelace, Ada},
                  year = {2026},
                  version = {1.0},
                  url = {https://archive.example.org/pid/10.5072/1f79-e126},
                  howpublished = {\\url{https://archive.example.org/pid/10.5072/1f79-e126}},
                  publisher = {Stele},
                  note = {Identifier: 10.5072/1f79-e126. Manifest digest: %s}
                }
                """.formatted(SampleRecords.DIGEST));
    }

    @Test
    void aRegisteredDoiIsTheDoiField() {
        assertThat(SampleRecords.renderRegistered(CitationFormat.BIBTEX, SampleRecords.minimal())).isEqualTo("""
                @misc{lovelace2026tinyllm_1f79,
                  title = {{Tiny LLM}},
                  author = {Lovelace, Ada},
                  year = {2026},
                  version = {1.0},
                  doi = {10.5072/1f79-e126},
                  url = {https://archive.example.org/pid/10.5072/1f79-e126},
                  howpublished = {\\url{https://archive.example.org/pid/10.5072/1f79-e126}},
                  publisher = {Stele},
                  note = {Manifest digest: %s}
                }
                """.formatted(SampleRecords.DIGEST));
    }

    @Test
    void specialCharactersAreEscapedAndNamesKeptInUtf8() {
        String bib = SampleRecords.render(CitationFormat.BIBTEX, SampleRecords.full());

        assertThat(bib).contains("  title = {{tiny-llm \\textbraceleft{}v2\\textbraceright{}: 100\\% {\"}small{\"} \\& <fast> "
                + "\\$5 \\#1 a\\_b \\textbackslash{} c \\textasciitilde{} \\textasciicircum{}}},\n");
        assertThat(bib).contains("  author = {Ångström, Zoë and Ñúñez, José and {Ludwig van Beethoven} and "
                + "{Example Lab \\& Co.} and Lovelace, Ada},\n");
        assertThat(bib).contains("  keywords = {language model, tiny},\n");
    }

    @Test
    void everyFieldHasBalancedBraces() {
        // BibTeX counts every brace, escaped or not: one stray brace swallows the rest of the file.
        String bib = SampleRecords.render(CitationFormat.BIBTEX, SampleRecords.withdrawn());
        for (String line : bib.split("\n")) {
            if (line.startsWith("  ")) {
                int depth = 0;
                for (char c : line.toCharArray()) {
                    depth += c == '{' ? 1 : c == '}' ? -1 : 0;
                    assertThat(depth).as(line).isNotNegative();
                }
                assertThat(depth).as(line).isZero();
            }
        }
    }

    @Test
    void withdrawnVersionSaysSoInTheNote() {
        String bib = SampleRecords.render(CitationFormat.BIBTEX, SampleRecords.withdrawn());
        assertThat(bib).contains("  note = {Identifier: 10.5072/1f79-e126. Withdrawn on 2026-05-01: Training data had <personal> data \\& had to go."
                + " Manifest digest: " + SampleRecords.DIGEST + "}\n");
    }

    @Test
    void conceptHasItsOwnKeyAndNoVersion() {
        String version = SampleRecords.render(CitationFormat.BIBTEX, SampleRecords.full());
        String concept = SampleRecords.render(CitationFormat.BIBTEX, SampleRecords.concept());

        assertThat(version).startsWith("@misc{angstrom2026tinyllm_1f79,\n");
        assertThat(concept).startsWith("@misc{angstrom2026tinyllm_nsbt,\n");
        assertThat(concept).doesNotContain("doi =").doesNotContain("version =").contains("  note = {Identifier: 10.5072/nsbt-zz71}\n");
        assertThat(SampleRecords.renderRegistered(CitationFormat.BIBTEX, SampleRecords.concept()))
                .contains("  doi = {10.5072/nsbt-zz71},\n").doesNotContain("note =");
    }

    @Test
    void keysAreAsciiFoldedAndNeverEmpty() {
        assertThat(key(List.of(new Author("Łukasz Ørsted-Æbeltoft", null, null)))).isEqualTo("orstedaebeltoft2026tinyllm_1f79");
        assertThat(key(List.of(SampleRecords.LAB))).isEqualTo("examplelabco2026tinyllm_1f79");
        assertThat(key(List.of(new Author("Straße, Jürgen", null, null)))).isEqualTo("strasse2026tinyllm_1f79");
        assertThat(key(List.of(new Author("王小明", null, null)))).isEqualTo("anon2026tinyllm_1f79");
        assertThat(key(List.of())).isEqualTo("anon2026tinyllm_1f79");
    }

    private static String key(List<Author> authors) {
        String bib = SampleRecords.render(CitationFormat.BIBTEX, SampleRecords.with(SampleRecords.minimal(), "T", authors, null));
        return bib.substring("@misc{".length(), bib.indexOf(','));
    }
}
