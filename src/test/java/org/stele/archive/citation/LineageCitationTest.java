package org.stele.archive.citation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.net.URL;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.stele.archive.reading.VersionRecord;
import org.stele.domain.files.DataDescriptor;

/** Lineage, training data and card subjects in citations; the DataCite XML still validates against kernel 4.6. */
class LineageCitationTest {
    private static final String BASE_PID = "10.5072/9te8-5h68";
    private static final String DERIVATIVE_PID = "10.5072/33bv-s284";

    static VersionRecord withLineage() {
        VersionRecord f = SampleRecords.full();
        DataDescriptor.Dataset sheet = new DataDescriptor.Dataset("datasheet", "tiny-corpus", "Sentences", "CC-BY-4.0", null,
                "https://data.example.org/tiny", List.of("10.5281/zenodo.1234"), List.of(), List.of(), null, null, null, null, null);
        VersionRecord.ModelFacts facts = new VersionRecord.ModelFacts(
                Map.of("tags", List.of("tiny", "chat"), "pipeline_tag", "text-generation", "library_name", "transformers"),
                7_240_000_000L, List.of("bf16"), 4, List.of(),
                List.of(new VersionRecord.ModelLink("lab/base@1.0", BASE_PID, "lab", "base", "1.0", null, "finetune"),
                        new VersionRecord.ModelLink("org/elsewhere", null, null, null, null, "https://huggingface.co/org/elsewhere", null)),
                List.of(new VersionRecord.ModelLink("lab/tuned@1.0", DERIVATIVE_PID, "lab", "tuned", "1.0", null, null)),
                List.of(new VersionRecord.DatasetLink("datasheet.json", null, sheet.url(), sheet),
                        new VersionRecord.DatasetLink(null, "lab/corpus", "https://huggingface.co/datasets/lab/corpus", null)));
        return new VersionRecord(f.kind(), f.pid(), f.conceptPid(), f.namespace(), f.name(), f.version(), f.state(), f.title(),
                f.description(), f.authors(), f.license(), f.keywords(), f.manifestDigest(), f.files(), f.createdAt(),
                f.publishedAt(), f.withdrawnAt(), f.withdrawalReason(), f.previous(), f.next(), facts, null);
    }

    @Test
    void dataCiteXmlRelatesBaseModelsDerivativesAndDatasetsAndValidates() throws Exception {
        String xml = SampleRecords.render(CitationFormat.DATACITE_XML, withLineage());
        URL xsd = getClass().getResource("/datacite/kernel-4.6/metadata.xsd");
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file,jar");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.newSchema(xsd).newValidator().validate(new StreamSource(new StringReader(xml)));
        assertThat(xml)
                .contains("<relatedIdentifier relatedIdentifierType=\"URL\" relationType=\"IsDerivedFrom\">"
                        + SampleRecords.resolver(BASE_PID) + "</relatedIdentifier>")
                .contains("<relatedIdentifier relatedIdentifierType=\"URL\" relationType=\"IsDerivedFrom\">https://huggingface.co/org/elsewhere</relatedIdentifier>")
                .contains("<relatedIdentifier relatedIdentifierType=\"URL\" relationType=\"IsSourceOf\">"
                        + SampleRecords.resolver(DERIVATIVE_PID) + "</relatedIdentifier>")
                // a DOI the training data's descriptor names is someone else's registration, named as given
                .contains("<relatedIdentifier relatedIdentifierType=\"DOI\" relationType=\"References\">10.5281/zenodo.1234<")
                .contains("relationType=\"References\">https://data.example.org/tiny<")
                .contains("relationType=\"References\">10.5281/zenodo.1234<")
                .contains("relationType=\"References\">https://huggingface.co/datasets/lab/corpus<")
                .contains("<subject>chat</subject>").contains("<subject>text-generation</subject>")
                .contains("<subject>transformers</subject>");
        // a keyword the version already has is not repeated
        assertThat(xml.split("<subject>tiny</subject>", -1)).hasSize(2);
        assertThat(SampleRecords.renderRegistered(CitationFormat.DATACITE_XML, withLineage()))
                .contains("<relatedIdentifier relatedIdentifierType=\"DOI\" relationType=\"IsDerivedFrom\">" + BASE_PID + "</relatedIdentifier>")
                .contains("<relatedIdentifier relatedIdentifierType=\"DOI\" relationType=\"IsSourceOf\">" + DERIVATIVE_PID + "</relatedIdentifier>");
    }

    @Test
    void dataCiteJsonCarriesTheSameRelationTypes() {
        String json = SampleRecords.render(CitationFormat.DATACITE_JSON, withLineage());
        assertThat(json.replace(" ", "")).contains("\"relatedIdentifierType\":\"URL\"").contains("\"relationType\":\"IsSourceOf\"");
    }
}
