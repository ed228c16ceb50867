package org.stele.archive.citation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stele.archive.citation.SampleRecords.CONCEPT_PID;
import static org.stele.archive.citation.SampleRecords.PREVIOUS_PID;
import static org.stele.archive.citation.SampleRecords.VERSION_PID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaOrgTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void versionIsACreativeWorkWithItsIdentifiersAndAuthors() throws Exception {
        JsonNode d = JSON.readTree(SampleRecords.render(CitationFormat.SCHEMAORG, SampleRecords.full()));

        assertThat(d.path("@context").asText()).isEqualTo("https://schema.org");
        assertThat(d.path("@type").asText()).isEqualTo("SoftwareSourceCode");
        // Not registered: the identifier is the resolver URL, never a DOI.
        assertThat(d.path("@id").asText()).isEqualTo("https://archive.example.org/pid/" + VERSION_PID);
        assertThat(d.path("url").asText()).isEqualTo("https://archive.example.org/pid/" + VERSION_PID);
        assertThat(d.path("identifier").get(0).asText()).isEqualTo("https://archive.example.org/pid/" + VERSION_PID);
        assertThat(d.path("identifier").findValuesAsText("propertyID")).containsExactly("sha256");
        assertThat(d.path("identifier").findValuesAsText("value")).containsExactly(SampleRecords.DIGEST);
        assertThat(d.path("name").asText()).isEqualTo(SampleRecords.AWKWARD_TITLE);
        assertThat(d.path("version").asText()).isEqualTo("2.0.1");
        assertThat(d.path("license").asText()).isEqualTo("https://spdx.org/licenses/Apache-2.0.html");
        assertThat(d.path("datePublished").asText()).isEqualTo("2026-03-04");
        assertThat(d.path("publisher").path("@type").asText()).isEqualTo("Organization");
        assertThat(d.path("publisher").path("name").asText()).isEqualTo("Stele");
        assertThat(d.path("keywords").asText()).isEqualTo("language model, tiny");

        JsonNode zoe = d.path("author").get(0);
        assertThat(zoe.path("@type").asText()).isEqualTo("Person");
        assertThat(zoe.path("@id").asText()).isEqualTo("https://orcid.org/0000-0002-1825-0097");
        assertThat(zoe.path("givenName").asText()).isEqualTo("Zoë");
        assertThat(zoe.path("familyName").asText()).isEqualTo("Ångström");
        assertThat(zoe.path("affiliation").path("name").asText()).isEqualTo("Universität Zürich");
        assertThat(d.path("author").get(3).has("@type")).as("an organisation is not called a person").isFalse();

        assertThat(d.path("isPartOf").path("@id").asText()).isEqualTo("https://archive.example.org/pid/" + CONCEPT_PID);
        assertThat(d.path("isBasedOn").path("@id").asText()).isEqualTo("https://archive.example.org/pid/" + PREVIOUS_PID);
        assertThat(d.has("hasPart")).isFalse();
        assertThat(d.has("creativeWorkStatus")).isFalse();
    }

    @Test
    void aRegisteredDoiIsTheIdAndADoiPropertyValue() throws Exception {
        JsonNode d = JSON.readTree(SampleRecords.renderRegistered(CitationFormat.SCHEMAORG, SampleRecords.full()));
        assertThat(d.path("@id").asText()).isEqualTo("https://doi.org/" + VERSION_PID);
        assertThat(d.path("url").asText()).isEqualTo("https://archive.example.org/pid/" + VERSION_PID);
        assertThat(d.path("identifier").findValuesAsText("propertyID")).containsExactly("DOI", "sha256");
        assertThat(d.path("identifier").findValuesAsText("value")).containsExactly(VERSION_PID, SampleRecords.DIGEST);
        assertThat(d.path("identifier").get(0).path("url").asText()).isEqualTo("https://doi.org/" + VERSION_PID);
        assertThat(d.path("isPartOf").path("@id").asText()).isEqualTo("https://doi.org/" + CONCEPT_PID);
        assertThat(d.path("isBasedOn").path("@id").asText()).isEqualTo("https://doi.org/" + PREVIOUS_PID);
    }

    @Test
    void withdrawnVersionHasAStatus() throws Exception {
        JsonNode d = JSON.readTree(SampleRecords.render(CitationFormat.SCHEMAORG, SampleRecords.withdrawn()));
        assertThat(d.path("creativeWorkStatus").asText()).isEqualTo("Withdrawn");
        assertThat(d.path("disambiguatingDescription").asText()).startsWith("Withdrawn on 2026-05-01: Training data");
    }

    @Test
    void conceptHasItsVersionsAsParts() throws Exception {
        JsonNode d = JSON.readTree(SampleRecords.render(CitationFormat.SCHEMAORG, SampleRecords.concept()));
        assertThat(d.path("@id").asText()).isEqualTo("https://archive.example.org/pid/" + CONCEPT_PID);
        assertThat(d.has("version")).isFalse();
        assertThat(d.path("hasPart").findValuesAsText("@id")).hasSize(3).contains("https://archive.example.org/pid/" + VERSION_PID);
        assertThat(d.has("isPartOf")).isFalse();
    }

    @Test
    void otherLicenceIsLeftOut() throws Exception {
        JsonNode d = JSON.readTree(SampleRecords.render(CitationFormat.SCHEMAORG,
                SampleRecords.with(SampleRecords.minimal(), "T", List.of(SampleRecords.ZOE), "other")));
        assertThat(d.has("license")).isFalse();
    }
}
