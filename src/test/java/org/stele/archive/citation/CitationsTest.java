package org.stele.archive.citation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.stele.archive.reading.VersionRecord;

class CitationsTest {

    @Test
    void publisherIsConfigurableAndDefaultsToStele() {
        assertThat(new Citations("https://a.example", "Example University Library").render(CitationFormat.RIS,
                SampleRecords.minimal(), null, null)).contains("\r\nPB  - Example University Library\r\n");
        assertThat(new Citations("https://a.example", " ").render(CitationFormat.RIS, SampleRecords.minimal(), null, null))
                .contains("\r\nPB  - Stele\r\n");
    }

    @Test
    void landingPagesHangOffTheBaseUrlWhateverItsTrailingSlash() {
        Citations citations = new Citations("https://a.example/archive/", null);
        assertThat(citations.landingUrl("10.5072/1f79-e126")).isEqualTo("https://a.example/archive/pid/10.5072/1f79-e126");
        assertThat(citations.render(CitationFormat.CSL, SampleRecords.minimal(), null, null))
                .contains("\"URL\" : \"https://a.example/archive/pid/10.5072/1f79-e126\"");
    }

    @Test
    void aTombstoneIsNotCitableItself() {
        // Withdrawn versions are cited from their full record; the tombstone lacks authors and dates.
        VersionRecord.Tombstone tombstone = new VersionRecord.Tombstone("version", SampleRecords.VERSION_PID,
                SampleRecords.CONCEPT_PID, "lab", "tiny-llm", "1.0", "withdrawn", "T", "r", Instant.now(), SampleRecords.DIGEST);
        Citations citations = new Citations(SampleRecords.BASE_URL, null);
        for (CitationFormat format : CitationFormat.values()) {
            assertThatThrownBy(() -> citations.render(format, tombstone, null, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Tombstone");
        }
    }

    @Test
    void conceptWithEveryVersionWithdrawnFallsBackToTheModelsOwnMetadata() {
        VersionRecord.Concept c = SampleRecords.concept();
        VersionRecord.Concept noLatest = new VersionRecord.Concept(c.kind(), c.pid(), c.namespace(), c.name(), c.title(),
                c.description(), c.authors(), c.license(), c.keywords(), null, c.versions());

        String ris = new Citations(SampleRecords.BASE_URL, null).render(CitationFormat.RIS, noLatest, null, null);

        assertThat(ris).contains("\r\nTI  - Model title (superseded)\r\n", "\r\nAU  - Example Lab & Co.\r\n",
                "\r\nDA  - 2026/04/03\r\n", "\r\nDO  - 10.5072/nsbt-zz71\r\n");
    }

    @Test
    void aDraftIsNotCitable() {
        VersionRecord m = SampleRecords.minimal();
        VersionRecord draft = new VersionRecord(m.kind(), m.pid(), m.conceptPid(), m.namespace(), m.name(), m.version(), "draft",
                m.title(), null, m.authors(), null, null, null, m.files(), m.createdAt(), null, null, null, null, null, null, null);
        assertThatThrownBy(() -> new Citations(SampleRecords.BASE_URL, null).render(CitationFormat.BIBTEX, draft, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no publication date");
    }

    @Test
    void aBaseUrlIsRequired() {
        assertThatThrownBy(() -> new Citations(null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyFormatRendersEveryKindOfRecord() {
        Citations citations = new Citations(SampleRecords.BASE_URL, null);
        for (Object record : new Object[] {SampleRecords.minimal(), SampleRecords.withdrawn(), SampleRecords.concept()}) {
            for (CitationFormat format : CitationFormat.values()) {
                assertThat(citations.render(format, record, null, null)).as(format + " of " + record).isNotBlank();
            }
        }
    }
}
