package org.stele.archive.citation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RisTest {

    @Test
    void versionHasOneTagPerLineEndingInCrlf() {
        String ris = SampleRecords.render(CitationFormat.RIS, SampleRecords.full());

        assertThat(ris.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
        assertThat(ris.split("\r\n")).containsExactly(
                "TY  - COMP",
                "TI  - " + SampleRecords.AWKWARD_TITLE,
                "AU  - Ångström, Zoë",
                "AU  - Ñúñez, José",
                "AU  - Ludwig van Beethoven",
                "AU  - Example Lab & Co.",
                "AU  - Lovelace, Ada",
                "PY  - 2026",
                "DA  - 2026/03/04",
                "ET  - 2.0.1",
                "UR  - https://archive.example.org/pid/10.5072/1f79-e126",
                "PB  - Stele",
                "AB  - A small model. Second line with <markup> & \"quotes\".",
                "KW  - language model",
                "KW  - tiny",
                "N1  - Identifier: 10.5072/1f79-e126. Manifest digest: " + SampleRecords.DIGEST,
                "ER  - ");
        assertThat(ris).endsWith("ER  - \r\n");
    }

    @Test
    void aRegisteredDoiIsTheDoTag() {
        String ris = SampleRecords.renderRegistered(CitationFormat.RIS, SampleRecords.full());
        assertThat(ris).contains("\r\nET  - 2.0.1\r\nDO  - 10.5072/1f79-e126\r\nUR  - https://archive.example.org/pid/10.5072/1f79-e126\r\n")
                .contains("\r\nN1  - Manifest digest: " + SampleRecords.DIGEST + "\r\n");
    }

    @Test
    void withdrawnVersionSaysSoInTheNote() {
        String ris = SampleRecords.render(CitationFormat.RIS, SampleRecords.withdrawn());
        assertThat(ris).contains("\r\nN1  - Identifier: 10.5072/1f79-e126. Withdrawn on 2026-05-01: Training data had <personal> data & had to go. Manifest digest: ");
    }

    @Test
    void conceptHasNoEditionAndNoDigest() {
        String ris = SampleRecords.render(CitationFormat.RIS, SampleRecords.concept());
        assertThat(ris).doesNotContain("DO  - ").doesNotContain("ET  - ").contains("\r\nN1  - Identifier: 10.5072/nsbt-zz71\r\n");
        assertThat(SampleRecords.renderRegistered(CitationFormat.RIS, SampleRecords.concept()))
                .contains("\r\nDO  - 10.5072/nsbt-zz71\r\n").doesNotContain("N1  - ");
    }
}
