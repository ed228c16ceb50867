package org.stele.archive.citation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stele.archive.citation.SampleRecords.AWKWARD_TITLE;
import static org.stele.archive.citation.SampleRecords.BASE_URL;
import static org.stele.archive.citation.SampleRecords.CONCEPT_PID;
import static org.stele.archive.citation.SampleRecords.DIGEST;
import static org.stele.archive.citation.SampleRecords.NEXT_PID;
import static org.stele.archive.citation.SampleRecords.VERSION_PID;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** oai_dc Dublin Core: valid against the vendored oai_dc schema, offline, and read back element by element. */
class DublinCoreTest {
    private static final String DC = "http://purl.org/dc/elements/1.1/";

    @Test
    void aFullRecordMapsEveryFieldAndValidates() throws Exception {
        Document dc = render(SampleRecords.full());
        assertThat(values(dc, "title")).containsExactly(AWKWARD_TITLE);
        assertThat(values(dc, "creator")).containsExactly("Ångström, Zoë", "Ñúñez, José", "Ludwig van Beethoven",
                "Example Lab & Co.", "Lovelace, Ada");
        assertThat(values(dc, "subject")).containsExactly("language model", "tiny");
        assertThat(values(dc, "description")).containsExactly("A small model.\nSecond line with <markup> & \"quotes\".");
        assertThat(values(dc, "publisher")).containsExactly(Citations.DEFAULT_PUBLISHER);
        assertThat(values(dc, "date")).containsExactly("2026-03-04");
        assertThat(values(dc, "type")).containsExactly("Model", "info:eu-repo/semantics/other");
        assertThat(values(dc, "identifier")).containsExactly(BASE_URL + "/pid/" + VERSION_PID, DIGEST);
        // Unregistered identifiers are related by the archive's resolver, never as DOIs.
        assertThat(values(dc, "relation")).contains(BASE_URL + "/pid/" + CONCEPT_PID, BASE_URL + "/pid/" + NEXT_PID)
                .noneMatch(relation -> relation.startsWith("doi:"));
        assertThat(values(dc, "rights")).containsExactly("info:eu-repo/semantics/openAccess",
                "https://spdx.org/licenses/Apache-2.0.html");
    }

    @Test
    void aWithdrawnRecordSaysSoAndAMinimalOneLeavesOutWhatItLacks() throws Exception {
        Document withdrawn = render(SampleRecords.withdrawn());
        assertThat(values(withdrawn, "rights")).startsWith("info:eu-repo/semantics/closedAccess");
        assertThat(values(withdrawn, "description")).anyMatch(d -> d.startsWith("Withdrawn on 2026-05-01"));

        Document minimal = render(SampleRecords.minimal());
        assertThat(values(minimal, "subject")).isEmpty();
        assertThat(values(minimal, "description")).isEmpty();
        assertThat(values(minimal, "rights")).containsExactly("info:eu-repo/semantics/openAccess");
        assertThat(render(SampleRecords.concept()).getElementsByTagNameNS(DC, "title").getLength()).isEqualTo(1);
    }

    @Test
    void registeredIdentifiersAreGivenAsDois() throws Exception {
        Document dc = render(SampleRecords.full(), pid -> true);
        assertThat(values(dc, "identifier")).containsExactly("https://doi.org/" + VERSION_PID, DIGEST);
        assertThat(values(dc, "relation")).contains("doi:" + CONCEPT_PID, "doi:" + NEXT_PID);
    }

    private static Document render(Object record) throws Exception {
        return render(record, pid -> false);
    }

    private static Document render(Object record, java.util.function.Predicate<String> registered) throws Exception {
        String xml = new Citations(BASE_URL, null, registered).dublinCore(record);
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file,jar");
        Schema schema = factory.newSchema(DublinCoreTest.class.getResource("/oai-pmh/oai_dc.xsd"));
        schema.newValidator().validate(new StreamSource(new StringReader(xml)));
        DocumentBuilderFactory builder = DocumentBuilderFactory.newInstance();
        builder.setNamespaceAware(true);
        return builder.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private static List<String> values(Document dc, String element) {
        NodeList nodes = dc.getElementsByTagNameNS(DC, element);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            values.add(nodes.item(i).getTextContent());
        }
        return values;
    }
}
