package org.stele.archive.citation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stele.archive.citation.SampleRecords.AWKWARD_TITLE;
import static org.stele.archive.citation.SampleRecords.CONCEPT_PID;
import static org.stele.archive.citation.SampleRecords.VERSION_PID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CslJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void versionIsOneSoftwareItem() throws Exception {
        JsonNode items = JSON.readTree(SampleRecords.render(CitationFormat.CSL, SampleRecords.full()));
        assertThat(items.isArray()).isTrue();
        assertThat(items).hasSize(1);
        JsonNode item = items.get(0);

        assertThat(item.path("id").asText()).isEqualTo(VERSION_PID);
        assertThat(item.path("type").asText()).isEqualTo("software");
        assertThat(item.path("title").asText()).isEqualTo(AWKWARD_TITLE);
        assertThat(item.path("author").get(0).path("family").asText()).isEqualTo("Ångström");
        assertThat(item.path("author").get(0).path("given").asText()).isEqualTo("Zoë");
        assertThat(item.path("author").get(2).path("literal").asText()).isEqualTo("Ludwig van Beethoven");
        assertThat(item.path("author").get(3).path("literal").asText()).isEqualTo("Example Lab & Co.");
        assertThat(item.path("issued").path("date-parts").toString()).isEqualTo("[[2026,3,4]]");
        assertThat(item.path("version").asText()).isEqualTo("2.0.1");
        assertThat(item.has("DOI")).as("no registered DOI, so none is claimed").isFalse();
        assertThat(item.path("URL").asText()).isEqualTo("https://archive.example.org/pid/" + VERSION_PID);
        assertThat(item.path("publisher").asText()).isEqualTo("Stele");
        assertThat(item.path("abstract").asText()).startsWith("A small model.");
        assertThat(item.path("note").asText()).isEqualTo("Identifier: " + VERSION_PID + ". Manifest digest: " + SampleRecords.DIGEST);
    }

    @Test
    void aRegisteredDoiIsTheDoiVariable() throws Exception {
        JsonNode item = JSON.readTree(SampleRecords.renderRegistered(CitationFormat.CSL, SampleRecords.full())).get(0);
        assertThat(item.path("DOI").asText()).isEqualTo(VERSION_PID);
        assertThat(item.path("URL").asText()).isEqualTo("https://archive.example.org/pid/" + VERSION_PID);
        assertThat(item.path("note").asText()).isEqualTo("Manifest digest: " + SampleRecords.DIGEST);
    }

    @Test
    void publicationDateIsTakenInUtc() throws Exception {
        // Published 2026-03-04T23:30Z: still the 4th, whatever the server's time zone.
        JsonNode item = JSON.readTree(SampleRecords.render(CitationFormat.CSL, SampleRecords.minimal())).get(0);
        assertThat(item.path("issued").path("date-parts").get(0).get(2).asInt()).isEqualTo(4);
    }

    @Test
    void withdrawnVersionSaysSoInTheNote() throws Exception {
        JsonNode item = JSON.readTree(SampleRecords.render(CitationFormat.CSL, SampleRecords.withdrawn())).get(0);
        assertThat(item.path("note").asText()).isEqualTo("Identifier: " + VERSION_PID + ". Withdrawn on 2026-05-01: Training data had <personal> data & had to go."
                + " Manifest digest: " + SampleRecords.DIGEST);
    }

    @Test
    void conceptHasNoVersionAndNoDigest() throws Exception {
        JsonNode item = JSON.readTree(SampleRecords.render(CitationFormat.CSL, SampleRecords.concept())).get(0);
        assertThat(item.path("id").asText()).isEqualTo(CONCEPT_PID);
        assertThat(item.has("DOI")).isFalse();
        assertThat(item.path("URL").asText()).isEqualTo("https://archive.example.org/pid/" + CONCEPT_PID);
        assertThat(item.has("version")).isFalse();
        assertThat(item.path("note").asText()).isEqualTo("Identifier: " + CONCEPT_PID);
    }
}
