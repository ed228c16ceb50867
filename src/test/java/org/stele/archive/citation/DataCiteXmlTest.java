package org.stele.archive.citation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.stele.archive.citation.SampleRecords.AWKWARD_TITLE;
import static org.stele.archive.citation.SampleRecords.CONCEPT_PID;
import static org.stele.archive.citation.SampleRecords.NEXT_PID;
import static org.stele.archive.citation.SampleRecords.PREVIOUS_PID;
import static org.stele.archive.citation.SampleRecords.VERSION_PID;
import static org.stele.archive.citation.SampleRecords.resolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URL;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stele.domain.Author;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/** DataCite XML is checked against the vendored kernel-4.6 schema, offline, and read back field by field. */
class DataCiteXmlTest {
    private static Schema schema;

    @BeforeAll
    static void loadSchema() throws SAXException {
        URL xsd = DataCiteXmlTest.class.getResource("/datacite/kernel-4.6/metadata.xsd");
        assertThat(xsd).as("vendored DataCite schema on the test classpath").isNotNull();
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        // Loaded through its URL so include/… resolves next to it; only local files may be read, never the network.
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file,jar");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        schema = factory.newSchema(xsd);
    }

    @Test
    void upstreamExamplesValidateSoTheSchemaSetupIsSound() throws Exception {
        for (String example : List.of("datacite-example-full-v4.xml", "datacite-example-dataset-v4.xml")) {
            try (InputStream in = getClass().getResourceAsStream("/datacite/kernel-4.6/example/" + example)) {
                validator().validate(new StreamSource(in));
            }
        }
    }

    @Test
    void minimalRecordValidatesAndCarriesTheMandatoryProperties() throws Exception {
        String xml = SampleRecords.render(CitationFormat.DATACITE_XML, SampleRecords.minimal());
        validate(xml);

        Document doc = parse(xml);
        // Not registered: the schema leaves identifierType open, and the identifier is given as the URL that resolves it.
        assertThat(text(doc, "/d:resource/d:identifier")).isEqualTo(resolver(VERSION_PID));
        assertThat(text(doc, "/d:resource/d:identifier/@identifierType")).isEqualTo("URL");
        assertThat(texts(doc, "//d:creatorName")).containsExactly("Ada Lovelace");
        assertThat(text(doc, "//d:creator/d:givenName")).isEqualTo("Ada");
        assertThat(text(doc, "//d:creator/d:familyName")).isEqualTo("Lovelace");
        assertThat(count(doc, "//d:nameIdentifier")).isZero();
        assertThat(text(doc, "//d:publisher")).isEqualTo("Stele");
        assertThat(text(doc, "//d:publicationYear")).isEqualTo("2026");
        assertThat(text(doc, "//d:resourceType/@resourceTypeGeneral")).isEqualTo("Model");
        assertThat(text(doc, "//d:version")).isEqualTo("1.0");
        assertThat(text(doc, "//d:alternateIdentifier[@alternateIdentifierType='sha256']")).isEqualTo(SampleRecords.DIGEST);
        assertThat(count(doc, "//d:subjects")).isZero();
        assertThat(count(doc, "//d:rightsList")).isZero();
        assertThat(texts(doc, "//d:relatedIdentifier/@relationType")).containsExactly("IsVersionOf");
        assertThat(xml).contains("xsi:schemaLocation=\"http://datacite.org/schema/kernel-4 "
                + "http://schema.datacite.org/meta/kernel-4.6/metadata.xsd\"");
    }

    @Test
    void fullWithdrawnRecordValidatesWithEveryValueIntact() throws Exception {
        String xml = SampleRecords.render(CitationFormat.DATACITE_XML, SampleRecords.withdrawn());
        validate(xml);

        Document doc = parse(xml);
        assertThat(text(doc, "//d:title")).isEqualTo(AWKWARD_TITLE);
        assertThat(texts(doc, "//d:creatorName")).containsExactly("Zoë Ångström", "José Ñúñez", "Ludwig van Beethoven",
                "Example Lab & Co.", "Lovelace, Ada");
        assertThat(text(doc, "//d:creator[1]/d:givenName")).isEqualTo("Zoë");
        assertThat(text(doc, "//d:creator[1]/d:familyName")).isEqualTo("Ångström");
        assertThat(text(doc, "//d:creator[1]/d:nameIdentifier")).isEqualTo("https://orcid.org/0000-0002-1825-0097");
        assertThat(text(doc, "//d:creator[1]/d:nameIdentifier/@nameIdentifierScheme")).isEqualTo("ORCID");
        assertThat(text(doc, "//d:creator[1]/d:nameIdentifier/@schemeURI")).isEqualTo("https://orcid.org");
        assertThat(text(doc, "//d:creator[1]/d:affiliation")).isEqualTo("Universität Zürich");
        // A bare ORCID iD is written as its URI.
        assertThat(text(doc, "//d:creator[2]/d:nameIdentifier")).isEqualTo("https://orcid.org/0000-0002-1694-233X");
        // Names that do not split unambiguously are not split, and are not claimed to be persons.
        assertThat(count(doc, "//d:creator[3]/d:familyName")).isZero();
        assertThat(text(doc, "//d:creator[3]/d:creatorName/@nameType")).isEmpty();
        assertThat(text(doc, "//d:creator[5]/d:familyName")).isEqualTo("Lovelace");
        assertThat(text(doc, "//d:creator[5]/d:givenName")).isEqualTo("Ada");

        assertThat(texts(doc, "//d:subject")).containsExactly("language model", "tiny");
        assertThat(relations(doc)).containsExactly("IsVersionOf " + resolver(CONCEPT_PID), "IsNewVersionOf " + resolver(PREVIOUS_PID),
                "IsPreviousVersionOf " + resolver(NEXT_PID));
        assertThat(texts(doc, "//d:relatedIdentifier/@relatedIdentifierType")).containsOnly("URL");
        assertThat(text(doc, "//d:rights/@rightsIdentifier")).isEqualTo("Apache-2.0");
        assertThat(text(doc, "//d:rights/@rightsIdentifierScheme")).isEqualTo("SPDX");
        assertThat(text(doc, "//d:rights/@rightsURI")).isEqualTo("https://spdx.org/licenses/Apache-2.0.html");

        assertThat(text(doc, "//d:date[@dateType='Issued']")).isEqualTo("2026-03-04");
        assertThat(text(doc, "//d:date[@dateType='Withdrawn']")).isEqualTo("2026-05-01");
        assertThat(text(doc, "//d:date[@dateType='Withdrawn']/@dateInformation"))
                .isEqualTo("Training data had <personal> data & had to go");
        assertThat(text(doc, "//d:description[@descriptionType='Other']"))
                .isEqualTo("Withdrawn on 2026-05-01: Training data had <personal> data & had to go");
        assertThat(text(doc, "//d:description[@descriptionType='Abstract']"))
                .isEqualTo("A small model.\nSecond line with <markup> & \"quotes\".");
    }

    @Test
    void aRegisteredDoiIsTheDoiIdentifierAndRelatedRegisteredDoisAreDois() throws Exception {
        String xml = SampleRecords.renderRegistered(CitationFormat.DATACITE_XML, SampleRecords.withdrawn());
        validate(xml);

        Document doc = parse(xml);
        assertThat(text(doc, "/d:resource/d:identifier")).isEqualTo(VERSION_PID);
        assertThat(text(doc, "/d:resource/d:identifier/@identifierType")).isEqualTo("DOI");
        assertThat(relations(doc)).containsExactly("IsVersionOf " + CONCEPT_PID, "IsNewVersionOf " + PREVIOUS_PID,
                "IsPreviousVersionOf " + NEXT_PID);
        assertThat(texts(doc, "//d:relatedIdentifier/@relatedIdentifierType")).containsOnly("DOI");
    }

    @Test
    void eachRelatedIdentifierIsADoiOnlyWhenItIsRegistered() throws Exception {
        // The version is registered, its concept not yet: each is typed as what it is.
        Citations citations = new Citations(SampleRecords.BASE_URL, null, pid -> !pid.equals(CONCEPT_PID));
        String xml = citations.render(CitationFormat.DATACITE_XML, SampleRecords.full(), null, null);
        validate(xml);

        Document doc = parse(xml);
        assertThat(text(doc, "/d:resource/d:identifier/@identifierType")).isEqualTo("DOI");
        assertThat(text(doc, "//d:relatedIdentifier[@relationType='IsVersionOf']")).isEqualTo(resolver(CONCEPT_PID));
        assertThat(text(doc, "//d:relatedIdentifier[@relationType='IsVersionOf']/@relatedIdentifierType")).isEqualTo("URL");
        assertThat(text(doc, "//d:relatedIdentifier[@relationType='IsNewVersionOf']")).isEqualTo(PREVIOUS_PID);
        assertThat(text(doc, "//d:relatedIdentifier[@relationType='IsNewVersionOf']/@relatedIdentifierType")).isEqualTo("DOI");
    }

    @Test
    void filesGiveSizesAndFormatsAndAnEmbargoAnAvailableDate() throws Exception {
        String xml = SampleRecords.render(CitationFormat.DATACITE_XML, SampleRecords.withFilesUnderEmbargo());
        validate(xml);
        Document doc = parse(xml);
        assertThat(texts(doc, "//d:sizes/d:size")).containsExactly("3 files", "1025 bytes");
        assertThat(texts(doc, "//d:formats/d:format")).containsExactly("application/json", "application/octet-stream");
        assertThat(text(doc, "//d:date[@dateType='Available']")).isEqualTo("2030-02-03");
        Document concept = parse(SampleRecords.render(CitationFormat.DATACITE_XML, SampleRecords.concept()));
        assertThat(count(concept, "//d:sizes") + count(concept, "//d:formats")).isZero();
    }

    @Test
    void publishedVersionHasNoWithdrawalMarks() throws Exception {
        Document doc = parse(SampleRecords.render(CitationFormat.DATACITE_XML, SampleRecords.full()));
        assertThat(count(doc, "//d:date[@dateType='Withdrawn']")).isZero();
        assertThat(count(doc, "//d:description[@descriptionType='Other']")).isZero();
    }

    @Test
    void conceptCitesTheLatestVersionsMetadataUnderTheConceptIdentifier() throws Exception {
        String xml = SampleRecords.render(CitationFormat.DATACITE_XML, SampleRecords.concept());
        validate(xml);

        Document doc = parse(xml);
        assertThat(text(doc, "/d:resource/d:identifier")).isEqualTo(resolver(CONCEPT_PID));
        assertThat(text(doc, "//d:title")).isEqualTo(AWKWARD_TITLE);
        assertThat(texts(doc, "//d:creatorName")).hasSize(5);
        assertThat(count(doc, "//d:version")).isZero();
        assertThat(count(doc, "//d:alternateIdentifier")).isZero();
        assertThat(relations(doc)).containsExactly("HasVersion " + resolver(PREVIOUS_PID), "HasVersion " + resolver(VERSION_PID),
                "HasVersion " + resolver(NEXT_PID));
        Document registered = parse(SampleRecords.renderRegistered(CitationFormat.DATACITE_XML, SampleRecords.concept()));
        assertThat(text(registered, "/d:resource/d:identifier")).isEqualTo(CONCEPT_PID);
        assertThat(relations(registered)).containsExactly("HasVersion " + PREVIOUS_PID, "HasVersion " + VERSION_PID,
                "HasVersion " + NEXT_PID);
        assertThat(text(doc, "//d:date[@dateType='Issued']")).isEqualTo("2026-04-03");
    }

    @Test
    void otherLicenceClaimsNoSpdxIdentifierAndAnAuthorlessRecordStillValidates() throws Exception {
        String xml = SampleRecords.render(CitationFormat.DATACITE_XML,
                SampleRecords.with(SampleRecords.minimal(), "Tiny", List.of(), "other"));
        validate(xml);

        Document doc = parse(xml);
        assertThat(text(doc, "//d:rights")).isEqualTo("Other (see the model card)");
        assertThat(count(doc, "//d:rights/@rightsIdentifier")).isZero();
        assertThat(count(doc, "//d:rights/@rightsURI")).isZero();
        assertThat(texts(doc, "//d:creatorName")).containsExactly(":unav");
    }

    @Test
    void controlCharactersThatXmlCannotCarryAreDropped() throws Exception {
        String xml = SampleRecords.render(CitationFormat.DATACITE_XML, SampleRecords.with(SampleRecords.minimal(),
                "bell\u0007 and escape\u001b", List.of(new Author("Ada\u0000 Lovelace", null, null)), "MIT"));
        validate(xml);
        assertThat(text(parse(xml), "//d:title")).isEqualTo("bell and escape");
    }

    @Test
    void theSchemaRefusesAnMlModelResourceType() {
        // The spelling some documents suggest; the 4.6 enumeration only has "Model".
        String xml = SampleRecords.render(CitationFormat.DATACITE_XML, SampleRecords.minimal())
                .replace("resourceTypeGeneral=\"Model\"", "resourceTypeGeneral=\"MLModel\"");
        assertThatThrownBy(() -> validate(xml)).isInstanceOf(SAXException.class).hasMessageContaining("MLModel");
    }

    private static Validator validator() throws SAXException {
        Validator validator = schema.newValidator();
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        return validator;
    }

    private static void validate(String xml) throws SAXException, IOException {
        validator().validate(new StreamSource(new StringReader(xml)));
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private static XPath xpath() {
        XPath xpath = XPathFactory.newInstance().newXPath();
        xpath.setNamespaceContext(new NamespaceContext() {
            @Override
            public String getNamespaceURI(String prefix) {
                return "d".equals(prefix) ? "http://datacite.org/schema/kernel-4" : XMLConstants.NULL_NS_URI;
            }

            @Override
            public String getPrefix(String uri) {
                return null;
            }

            @Override
            public Iterator<String> getPrefixes(String uri) {
                return null;
            }
        });
        return xpath;
    }

    private static String text(Document doc, String path) throws Exception {
        return xpath().evaluate(path, doc);
    }

    private static List<String> texts(Document doc, String path) throws Exception {
        NodeList nodes = (NodeList) xpath().evaluate(path, doc, XPathConstants.NODESET);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent());
        }
        return out;
    }

    private static int count(Document doc, String path) throws Exception {
        return ((NodeList) xpath().evaluate(path, doc, XPathConstants.NODESET)).getLength();
    }

    private static List<String> relations(Document doc) throws Exception {
        NodeList nodes = (NodeList) xpath().evaluate("//d:relatedIdentifier", doc, XPathConstants.NODESET);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            org.w3c.dom.Element e = (org.w3c.dom.Element) nodes.item(i);
            out.add(e.getAttribute("relationType") + " " + e.getTextContent());
        }
        return out;
    }
}
