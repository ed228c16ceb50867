package org.stele.archive.citation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.stele.archive.reading.VersionRecord;

class CitationsTest {

    @Test
    void publisherIsConfigurableAndDefaultsToStele() {
        assertThat(new Citations("https://a.example", "Example University Library", pid -> false).render(CitationFormat.RIS,
                SampleRecords.minimal(), null, null)).contains("\r\nPB  - Example University Library\r\n");
        assertThat(new Citations("https://a.example", " ", pid -> false).render(CitationFormat.RIS, SampleRecords.minimal(), null, null))
                .contains("\r\nPB  - Stele\r\n");
    }

    @Test
    void landingPagesHangOffTheBaseUrlWhateverItsTrailingSlash() {
        Citations citations = new Citations("https://a.example/archive/", null, pid -> false);
        assertThat(citations.landingUrl("10.5072/1f79-e126")).isEqualTo("https://a.example/archive/pid/10.5072/1f79-e126");
        assertThat(citations.render(CitationFormat.CSL, SampleRecords.minimal(), null, null))
                .contains("\"URL\" : \"https://a.example/archive/pid/10.5072/1f79-e126\"");
    }

    @Test
    void theIdentifierUrlIsDoiOrgOnlyForARegisteredDoi() {
        Citations citations = new Citations("https://a.example/", null, pid -> pid.equals("10.1234/abcd-ef12"));
        assertThat(citations.registeredDoi("10.1234/abcd-ef12")).isTrue();
        assertThat(citations.identifierUrl("10.1234/abcd-ef12")).isEqualTo("https://doi.org/10.1234/abcd-ef12");
        assertThat(citations.registeredDoi("10.5072/1f79-e126")).isFalse();
        assertThat(citations.identifierUrl("10.5072/1f79-e126")).isEqualTo("https://a.example/pid/10.5072/1f79-e126");
    }

    @Test
    void aTombstoneIsNotCitableItself() {
        // Withdrawn versions are cited from their full record; the tombstone lacks authors and dates.
        VersionRecord.Tombstone tombstone = new VersionRecord.Tombstone("version", SampleRecords.VERSION_PID,
                SampleRecords.CONCEPT_PID, "lab", "tiny-llm", "1.0", "withdrawn", "T", "r", Instant.now(), SampleRecords.DIGEST);
        Citations citations = SampleRecords.UNREGISTERED;
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

        String ris = SampleRecords.UNREGISTERED.render(CitationFormat.RIS, noLatest, null, null);

        assertThat(ris).contains("\r\nTI  - Model title (superseded)\r\n", "\r\nAU  - Example Lab & Co.\r\n",
                "\r\nDA  - 2026/04/03\r\n", "\r\nUR  - https://archive.example.org/pid/10.5072/nsbt-zz71\r\n");
    }

    @Test
    void aDraftIsNotCitable() {
        VersionRecord m = SampleRecords.minimal();
        VersionRecord draft = new VersionRecord(m.kind(), m.pid(), m.conceptPid(), m.namespace(), m.name(), m.version(), "draft",
                m.title(), null, m.authors(), null, null, null, m.files(), m.createdAt(), null, null, null, null, null, null, null);
        assertThatThrownBy(() -> SampleRecords.UNREGISTERED.render(CitationFormat.BIBTEX, draft, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no publication date");
    }

    @Test
    void aBaseUrlIsRequired() {
        assertThatThrownBy(() -> new Citations(null, null, pid -> false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Citations(SampleRecords.BASE_URL, null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyFormatRendersEveryKindOfRecord() {
        Citations citations = SampleRecords.UNREGISTERED;
        for (Object record : new Object[] {SampleRecords.minimal(), SampleRecords.withdrawn(), SampleRecords.concept()}) {
            for (CitationFormat format : CitationFormat.values()) {
                assertThat(citations.render(format, record, null, null)).as(format + " of " + record).isNotBlank();
            }
        }
    }
}
