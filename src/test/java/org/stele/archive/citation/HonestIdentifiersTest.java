package org.stele.archive.citation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.stele.archive.reading.VersionRecord;

/**
 * Every format, for every kind of record: with registration off no output presents an identifier of the archive as a
 * resolvable DOI (no doi.org, no DOI field) and each gives the archive's resolver URL instead; with the identifiers
 * registered and findable, the DOI forms appear.
 */
class HonestIdentifiersTest {
    /** What presents an identifier of the archive (prefix 10.5072 in the samples) as a DOI, in each format. */
    private static final Map<CitationFormat, Pattern> DOI_CLAIM = Map.of(
            CitationFormat.BIBTEX, Pattern.compile("(?m)^  doi = "),
            CitationFormat.RIS, Pattern.compile("(?m)^DO  - "),
            CitationFormat.CSL, Pattern.compile("\"DOI\""),
            CitationFormat.CITATION, Pattern.compile("doi\\.org|doi: "),
            CitationFormat.SCHEMAORG, Pattern.compile("doi\\.org|\"DOI\""),
            CitationFormat.CFF, Pattern.compile("(?m)^doi: |\"doi\""),
            // A bare identifier as element text is a DOI: any other is given as its resolver URL.
            CitationFormat.DATACITE_XML, Pattern.compile(">10\\.5072/|identifierType=\"DOI\""),
            CitationFormat.DATACITE_JSON, Pattern.compile("\"(doi|relatedIdentifier)\" : \"10\\.5072/|\"identifierType\" : \"DOI\""));

    static Stream<Arguments> everyFormatAndRecord() {
        List<Arguments> cases = new ArrayList<>();
        for (CitationFormat format : CitationFormat.values()) {
            cases.add(Arguments.of(format, "minimal", SampleRecords.minimal(), SampleRecords.VERSION_PID));
            cases.add(Arguments.of(format, "withdrawn", SampleRecords.withdrawn(), SampleRecords.VERSION_PID));
            cases.add(Arguments.of(format, "concept", SampleRecords.concept(), SampleRecords.CONCEPT_PID));
            cases.add(Arguments.of(format, "lineage", LineageCitationTest.withLineage(), SampleRecords.VERSION_PID));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} of {1}")
    @MethodSource("everyFormatAndRecord")
    void withRegistrationOffNothingIsADoiAndTheResolverIsTheIdentifier(CitationFormat format, String kind, Object record, String pid) {
        String text = SampleRecords.render(format, record);
        assertThat(text).as(format + " of " + kind).doesNotContain("doi.org").doesNotContainIgnoringCase("https://doi")
                .contains(SampleRecords.resolver(pid));
        assertThat(DOI_CLAIM.get(format).matcher(text).find()).as(format + " of " + kind + " claims a DOI:\n" + text).isFalse();
    }

    @ParameterizedTest(name = "{0} of {1}")
    @MethodSource("everyFormatAndRecord")
    void withRegisteredDoisTheDoiFormsAppear(CitationFormat format, String kind, Object record, String pid) {
        String text = SampleRecords.renderRegistered(format, record);
        assertThat(DOI_CLAIM.get(format).matcher(text).find()).as(format + " of " + kind + ":\n" + text).isTrue();
        assertThat(text).as(format + " of " + kind).contains(pid);
    }

    @Test
    void theFormattedCitationLinksTheResolverOrDoiOrgInEveryStyle() {
        VersionRecord record = SampleRecords.minimal();
        for (String style : Citations.styles()) {
            String off = SampleRecords.UNREGISTERED.render(CitationFormat.CITATION, record, style, null);
            assertThat(off).as(style).contains(SampleRecords.resolver(SampleRecords.VERSION_PID)).doesNotContainIgnoringCase("doi");
            String on = SampleRecords.REGISTERED.render(CitationFormat.CITATION, record, style, null);
            assertThat(on).as(style).containsIgnoringCase("doi").contains(SampleRecords.VERSION_PID);
        }
    }

    @Test
    void everyFormatIsCoveredByTheseTests() {
        assertThat(DOI_CLAIM).containsOnlyKeys(CitationFormat.values());
    }
}
