package org.stele.archive.citation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class CitationCffTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void versionIsACitationFile() throws Exception {
        String text = SampleRecords.render(CitationFormat.CFF, SampleRecords.full());
        JsonNode cff = YAML.readTree(text);

        assertThat(cff.path("cff-version").asText()).isEqualTo("1.2.0");
        assertThat(cff.path("message").asText()).isEqualTo("If you use this model, please cite this version as below.");
        assertThat(cff.path("type").asText()).isEqualTo("software");
        assertThat(cff.path("title").asText()).isEqualTo(SampleRecords.AWKWARD_TITLE);
        assertThat(cff.path("version").asText()).isEqualTo("2.0.1");
        assertThat(cff.has("doi")).as("no registered DOI, so none is claimed").isFalse();
        assertThat(cff.path("license").asText()).isEqualTo("Apache-2.0");
        assertThat(cff.path("url").asText()).isEqualTo("https://archive.example.org/pid/" + SampleRecords.VERSION_PID);
        assertThat(cff.path("abstract").asText()).isEqualTo("A small model.\nSecond line with <markup> & \"quotes\".");
        assertThat(cff.path("keywords").toString()).isEqualTo("[\"language model\",\"tiny\"]");
        // Quoted, so YAML readers take it as the string CFF requires, not as a timestamp.
        assertThat(text).contains("\ndate-released: \"2026-03-04\"\n").doesNotContain("---");

        JsonNode zoe = cff.path("authors").get(0);
        assertThat(zoe.path("given-names").asText()).isEqualTo("Zoë");
        assertThat(zoe.path("family-names").asText()).isEqualTo("Ångström");
        assertThat(zoe.path("orcid").asText()).isEqualTo("https://orcid.org/0000-0002-1825-0097");
        assertThat(zoe.path("affiliation").asText()).isEqualTo("Universität Zürich");
        assertThat(cff.path("authors").get(2).path("name").asText()).isEqualTo("Ludwig van Beethoven");
        assertThat(cff.path("authors").get(2).has("family-names")).isFalse();

        JsonNode ids = cff.path("identifiers");
        assertThat(ids.get(0).path("type").asText()).isEqualTo("url");
        assertThat(ids.get(0).path("value").asText()).isEqualTo(SampleRecords.resolver(SampleRecords.VERSION_PID));
        assertThat(ids.get(0).path("description").asText()).contains(SampleRecords.VERSION_PID).contains("identifier");
        assertThat(ids.get(1).path("type").asText()).isEqualTo("url");
        assertThat(ids.get(1).path("value").asText()).isEqualTo(SampleRecords.resolver(SampleRecords.CONCEPT_PID));
        assertThat(ids.get(2).path("type").asText()).isEqualTo("other");
        assertThat(ids.get(2).path("value").asText()).isEqualTo(SampleRecords.DIGEST);
    }

    @Test
    void aRegisteredDoiIsTheDoiAndTheConceptADoiIdentifier() throws Exception {
        JsonNode cff = YAML.readTree(SampleRecords.renderRegistered(CitationFormat.CFF, SampleRecords.full()));
        assertThat(cff.path("doi").asText()).isEqualTo(SampleRecords.VERSION_PID);
        assertThat(cff.path("url").asText()).isEqualTo(SampleRecords.resolver(SampleRecords.VERSION_PID));
        JsonNode ids = cff.path("identifiers");
        assertThat(ids).hasSize(2);
        assertThat(ids.get(0).path("type").asText()).isEqualTo("doi");
        assertThat(ids.get(0).path("value").asText()).isEqualTo(SampleRecords.CONCEPT_PID);
        assertThat(ids.get(1).path("type").asText()).isEqualTo("other");
    }

    @Test
    void versionLabelsStayStrings() {
        // Unquoted, YAML would read 1.0 as a number and CFF validators would refuse it.
        assertThat(SampleRecords.render(CitationFormat.CFF, SampleRecords.minimal())).contains("\nversion: \"1.0\"\n");
    }

    @Test
    void withdrawnVersionSaysSoInTheMessage() throws Exception {
        JsonNode cff = YAML.readTree(SampleRecords.render(CitationFormat.CFF, SampleRecords.withdrawn()));
        assertThat(cff.path("message").asText()).isEqualTo("Withdrawn on 2026-05-01: Training data had <personal> data & had to go."
                + " If you used this version, please cite it as below.");
        assertThat(cff.path("version").asText()).isEqualTo("2.0.1");
    }

    @Test
    void conceptCoversAllVersions() throws Exception {
        JsonNode cff = YAML.readTree(SampleRecords.render(CitationFormat.CFF, SampleRecords.concept()));
        assertThat(cff.has("doi")).isFalse();
        assertThat(cff.has("version")).isFalse();
        assertThat(cff.path("identifiers")).hasSize(1);
        assertThat(cff.path("identifiers").get(0).path("value").asText()).isEqualTo(SampleRecords.resolver(SampleRecords.CONCEPT_PID));
        JsonNode registered = YAML.readTree(SampleRecords.renderRegistered(CitationFormat.CFF, SampleRecords.concept()));
        assertThat(registered.path("doi").asText()).isEqualTo(SampleRecords.CONCEPT_PID);
        assertThat(registered.has("identifiers")).isFalse();
        assertThat(cff.path("message").asText()).contains("all of its versions");
    }

    @Test
    void otherLicenceIsLeftOutAsCffOnlyTakesSpdx() throws Exception {
        JsonNode cff = YAML.readTree(SampleRecords.render(CitationFormat.CFF,
                SampleRecords.with(SampleRecords.minimal(), "T", List.of(SampleRecords.ZOE), "other")));
        assertThat(cff.has("license")).isFalse();
    }
}
