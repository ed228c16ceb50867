package org.stele.archive.citation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stele.archive.citation.SampleRecords.AWKWARD_TITLE;
import static org.stele.archive.citation.SampleRecords.CONCEPT_PID;
import static org.stele.archive.citation.SampleRecords.NEXT_PID;
import static org.stele.archive.citation.SampleRecords.PREVIOUS_PID;
import static org.stele.archive.citation.SampleRecords.VERSION_PID;
import static org.stele.archive.citation.SampleRecords.resolver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataCiteJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void versionHasTheRestApiAttributes() throws Exception {
        JsonNode a = JSON.readTree(SampleRecords.render(CitationFormat.DATACITE_JSON, SampleRecords.full()));

        // Not registered: no "doi"; the identifier is the resolver URL, as in the XML.
        assertThat(a.has("doi")).isFalse();
        assertThat(a.path("url").asText()).isEqualTo("https://archive.example.org/pid/" + VERSION_PID);
        assertThat(a.path("identifiers").get(0).path("identifier").asText()).isEqualTo(resolver(VERSION_PID));
        assertThat(a.path("identifiers").get(0).path("identifierType").asText()).isEqualTo("URL");
        assertThat(a.path("titles").get(0).path("title").asText()).isEqualTo(AWKWARD_TITLE);
        assertThat(a.path("publisher").asText()).isEqualTo("Stele");
        assertThat(a.path("publicationYear").asInt()).isEqualTo(2026);
        assertThat(a.path("types").path("resourceTypeGeneral").asText()).isEqualTo("Model");
        assertThat(a.path("version").asText()).isEqualTo("2.0.1");
        assertThat(a.path("identifiers").get(1).path("identifier").asText()).isEqualTo(SampleRecords.DIGEST);
        assertThat(a.path("identifiers").get(1).path("identifierType").asText()).isEqualTo("sha256");

        JsonNode zoe = a.path("creators").get(0);
        assertThat(zoe.path("name").asText()).isEqualTo("Zoë Ångström");
        assertThat(zoe.path("nameType").asText()).isEqualTo("Personal");
        assertThat(zoe.path("givenName").asText()).isEqualTo("Zoë");
        assertThat(zoe.path("familyName").asText()).isEqualTo("Ångström");
        assertThat(zoe.path("nameIdentifiers").get(0).path("nameIdentifier").asText())
                .isEqualTo("https://orcid.org/0000-0002-1825-0097");
        assertThat(zoe.path("nameIdentifiers").get(0).path("nameIdentifierScheme").asText()).isEqualTo("ORCID");
        assertThat(zoe.path("nameIdentifiers").get(0).path("schemeUri").asText()).isEqualTo("https://orcid.org");
        assertThat(zoe.path("affiliation").get(0).path("name").asText()).isEqualTo("Universität Zürich");
        JsonNode ludwig = a.path("creators").get(2);
        assertThat(ludwig.has("familyName")).isFalse();
        assertThat(ludwig.has("nameType")).isFalse();

        assertThat(a.path("subjects").findValuesAsText("subject")).containsExactly("language model", "tiny");
        assertThat(relations(a, "URL")).containsExactly("IsVersionOf " + resolver(CONCEPT_PID),
                "IsNewVersionOf " + resolver(PREVIOUS_PID), "IsPreviousVersionOf " + resolver(NEXT_PID));
        JsonNode rights = a.path("rightsList").get(0);
        assertThat(rights.path("rightsIdentifier").asText()).isEqualTo("Apache-2.0");
        assertThat(rights.path("rightsIdentifierScheme").asText()).isEqualTo("SPDX");
        assertThat(rights.path("rightsUri").asText()).isEqualTo("https://spdx.org/licenses/Apache-2.0.html");
        assertThat(a.path("dates").findValuesAsText("dateType")).containsExactly("Issued");
        assertThat(a.path("descriptions").findValuesAsText("descriptionType")).containsExactly("Abstract");
    }

    @Test
    void aRegisteredDoiIsTheDoiAttribute() throws Exception {
        JsonNode a = JSON.readTree(SampleRecords.renderRegistered(CitationFormat.DATACITE_JSON, SampleRecords.full()));
        assertThat(a.path("doi").asText()).isEqualTo(VERSION_PID);
        assertThat(a.path("url").asText()).isEqualTo("https://archive.example.org/pid/" + VERSION_PID);
        assertThat(a.path("identifiers")).hasSize(1);
        assertThat(a.path("identifiers").get(0).path("identifierType").asText()).isEqualTo("sha256");
        assertThat(relations(a, "DOI")).containsExactly("IsVersionOf " + CONCEPT_PID, "IsNewVersionOf " + PREVIOUS_PID,
                "IsPreviousVersionOf " + NEXT_PID);
    }

    @Test
    void filesGiveSizesAndFormatsAndAnEmbargoAnAvailableDate() throws Exception {
        JsonNode a = JSON.readTree(SampleRecords.render(CitationFormat.DATACITE_JSON, SampleRecords.withFilesUnderEmbargo()));
        assertThat(a.path("sizes").toString()).isEqualTo("[\"3 files\",\"1025 bytes\"]");
        assertThat(a.path("formats").toString()).isEqualTo("[\"application/json\",\"application/octet-stream\"]");
        assertThat(a.path("dates").get(1).path("dateType").asText()).isEqualTo("Available");
        assertThat(a.path("dates").get(1).path("date").asText()).isEqualTo("2030-02-03");
    }

    @Test
    void withdrawnVersionCarriesTheWithdrawalDateAndNote() throws Exception {
        JsonNode a = JSON.readTree(SampleRecords.render(CitationFormat.DATACITE_JSON, SampleRecords.withdrawn()));

        JsonNode withdrawn = a.path("dates").get(1);
        assertThat(withdrawn.path("dateType").asText()).isEqualTo("Withdrawn");
        assertThat(withdrawn.path("date").asText()).isEqualTo("2026-05-01");
        assertThat(withdrawn.path("dateInformation").asText()).isEqualTo("Training data had <personal> data & had to go");
        assertThat(a.path("descriptions").get(1).path("descriptionType").asText()).isEqualTo("Other");
        assertThat(a.path("descriptions").get(1).path("description").asText())
                .isEqualTo("Withdrawn on 2026-05-01: Training data had <personal> data & had to go");
        // Everything else is still there.
        assertThat(a.path("creators")).hasSize(5);
        assertThat(a.path("version").asText()).isEqualTo("2.0.1");
    }

    @Test
    void conceptHasEveryVersionAndNoVersionLabel() throws Exception {
        JsonNode a = JSON.readTree(SampleRecords.render(CitationFormat.DATACITE_JSON, SampleRecords.concept()));

        assertThat(a.has("doi")).isFalse();
        assertThat(a.has("version")).isFalse();
        assertThat(a.path("identifiers").findValuesAsText("identifierType")).containsExactly("URL");
        assertThat(relations(a, "URL")).containsExactly("HasVersion " + resolver(PREVIOUS_PID), "HasVersion " + resolver(VERSION_PID),
                "HasVersion " + resolver(NEXT_PID));
        // The latest version's metadata, not the model's older fields.
        assertThat(a.path("titles").get(0).path("title").asText()).isEqualTo(AWKWARD_TITLE);
        assertThat(a.path("rightsList").get(0).path("rightsIdentifier").asText()).isEqualTo("Apache-2.0");
    }

    @Test
    void absentFieldsAreLeftOutRatherThanNull() throws Exception {
        String json = SampleRecords.render(CitationFormat.DATACITE_JSON, SampleRecords.minimal());
        assertThat(json).doesNotContain("null").doesNotContain("[ ]");
        JsonNode a = JSON.readTree(json);
        assertThat(a.has("subjects")).isFalse();
        assertThat(a.has("rightsList")).isFalse();
        assertThat(a.has("descriptions")).isFalse();
    }

    private static List<String> relations(JsonNode attributes, String identifierType) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : attributes.path("relatedIdentifiers")) {
            assertThat(r.path("relatedIdentifierType").asText()).isEqualTo(identifierType);
            out.add(r.path("relationType").asText() + " " + r.path("relatedIdentifier").asText());
        }
        return out;
    }
}
