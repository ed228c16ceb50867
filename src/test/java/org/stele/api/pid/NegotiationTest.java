package org.stele.api.pid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.stele.archive.citation.CitationFormat;
import org.stele.domain.ArchiveException;

class NegotiationTest {

    @Test
    void formatParameterWins() {
        assertThat(Negotiation.choose("bibtex", null, null, "text/html", true))
                .isEqualTo(new Negotiation.Cite(CitationFormat.BIBTEX, null, null));
        assertThat(Negotiation.choose("json", null, null, "text/html", true)).isInstanceOf(Negotiation.Json.class);
    }

    @Test
    void acceptIsReadByQualityThenOrder() {
        assertThat(Negotiation.choose(null, null, null, "application/x-bibtex;q=0.4, application/x-research-info-systems;q=0.8", true))
                .isEqualTo(new Negotiation.Cite(CitationFormat.RIS, null, null));
        assertThat(Negotiation.choose(null, null, null, "application/x-bibtex, application/x-research-info-systems", true))
                .isEqualTo(new Negotiation.Cite(CitationFormat.BIBTEX, null, null));
        assertThat(Negotiation.choose(null, null, null, "text/x-bibliography; style=ieee; locale=de-DE", true))
                .isEqualTo(new Negotiation.Cite(CitationFormat.CITATION, "ieee", "de-DE"));
    }

    @Test
    void wildcardsFollowTheSurface() {
        assertThat(Negotiation.choose(null, null, null, "*/*", true)).isInstanceOf(Negotiation.Html.class);
        assertThat(Negotiation.choose(null, null, null, "*/*", false)).isInstanceOf(Negotiation.Json.class);
        assertThat(Negotiation.choose(null, null, null, null, true)).isInstanceOf(Negotiation.Html.class);
        assertThat(Negotiation.choose(null, null, null, "text/html,application/xhtml+xml,*/*;q=0.8", false))
                .isInstanceOf(Negotiation.Html.class);
    }

    @Test
    void nothingServableIs406() {
        assertThatThrownBy(() -> Negotiation.choose(null, null, null, "application/pdf", true))
                .isInstanceOfSatisfying(ArchiveException.class, e -> assertThat(org.stele.api.http.ErrorCodes.status(e)).isEqualTo(406));
        assertThatThrownBy(() -> Negotiation.choose(null, null, null, "text/html;q=0", true))
                .isInstanceOfSatisfying(ArchiveException.class, e -> assertThat(e.code()).isEqualTo("not_acceptable"));
        assertThatThrownBy(() -> Negotiation.choose("docx", null, null, null, true)).isInstanceOf(ArchiveException.class);
    }
}
