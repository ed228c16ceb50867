package org.stele.archive.citation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CitationFormatTest {

    @ParameterizedTest
    @CsvSource({
        "datacite-xml,  DATACITE_XML,  application/vnd.datacite.datacite+xml,    xml",
        "datacite-json, DATACITE_JSON, application/vnd.datacite.datacite+json,   json",
        "csl,           CSL,           application/vnd.citationstyles.csl+json,  json",
        "bibtex,        BIBTEX,        application/x-bibtex,                     bib",
        "ris,           RIS,           application/x-research-info-systems,      ris",
        "citation,      CITATION,      text/x-bibliography,                      txt",
        "schemaorg,     SCHEMAORG,     application/ld+json,                      jsonld",
        "cff,           CFF,           application/x-cff,                        cff",
    })
    void eachFormatHasANameAMediaTypeAndAnExtension(String name, CitationFormat format, String mediaType, String extension) {
        assertThat(CitationFormat.fromFormatName(name)).contains(format);
        assertThat(CitationFormat.fromMediaType(mediaType)).contains(format);
        assertThat(format.formatName()).isEqualTo(name);
        assertThat(format.mediaType()).isEqualTo(mediaType);
        assertThat(format.extension()).isEqualTo(extension);
    }

    @ParameterizedTest
    @CsvSource({
        "application/vnd.schemaorg.ld+json,           SCHEMAORG",
        "application/x-datacite+xml,                  DATACITE_XML",
        "application/citeproc+json,                   CSL",
        "application/x-yaml,                          CFF",
        "APPLICATION/X-BIBTEX,                        BIBTEX",
        "'text/x-bibliography; style=ieee; locale=en-GB', CITATION",
        "' text/x-bibliography;style=apa ',           CITATION",
    })
    void aliasesCaseAndParametersAreUnderstood(String mediaType, CitationFormat format) {
        assertThat(CitationFormat.fromMediaType(mediaType)).contains(format);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"application/json", "text/html", "*/*", "application/x-bibtex-extra", "bib", "json"})
    void otherMediaTypesAreNotOurs(String mediaType) {
        assertThat(CitationFormat.fromMediaType(mediaType)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"xml", "bib", "DATACITE_XML", "apa"})
    void otherNamesAreNotOurs(String name) {
        assertThat(CitationFormat.fromFormatName(name)).isEmpty();
    }

    @Test
    void namesIgnoreCaseAndSurroundingSpace() {
        assertThat(CitationFormat.fromFormatName(" BibTeX ")).contains(CitationFormat.BIBTEX);
    }

    @Test
    void styleAndLocaleAreReadFromTheMediaTypeWithAnySpacing() {
        String accept = "text/x-bibliography;style = ieee ;  locale=\"en-GB\"";
        assertThat(CitationFormat.mediaTypeParameter(accept, "style")).contains("ieee");
        assertThat(CitationFormat.mediaTypeParameter(accept, "LOCALE")).contains("en-GB");
        assertThat(CitationFormat.mediaTypeParameter("text/x-bibliography", "style")).isEqualTo(Optional.empty());
        assertThat(CitationFormat.mediaTypeParameter("text/x-bibliography; style=", "style")).isEmpty();
    }
}
