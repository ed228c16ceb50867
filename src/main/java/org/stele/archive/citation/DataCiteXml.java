package org.stele.archive.citation;

import java.io.StringWriter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * DataCite Metadata Schema 4.6 XML: what DataCite registers and what {@code application/vnd.datacite.datacite+xml}
 * answers. Written with a streaming XML writer, so every value is escaped by the writer, never by hand. The
 * identifier is {@code identifierType="DOI"} only when registered; otherwise it is the archive's resolver URL,
 * {@code identifierType="URL"}, and so is each related identifier of the archive that is no registered DOI.
 */
final class DataCiteXml {
    static final String NAMESPACE = "http://datacite.org/schema/kernel-4";
    static final String SCHEMA_LOCATION = "http://schema.datacite.org/meta/kernel-4.6/metadata.xsd";
    /** The only resourceTypeGeneral the 4.6 schema has for a model ("MLModel" is refused by its enumeration). */
    static final String RESOURCE_TYPE_GENERAL = "Model";
    static final String RESOURCE_TYPE = "Machine learning model";
    /** DataCite's standard code for a value that is unavailable, for the mandatory creator of an authorless record. */
    static final String UNAVAILABLE = ":unav";
    /** Rights text for licence "other": no SPDX identifier exists, so none is claimed; the model card says which. */
    static final String OTHER_RIGHTS = "Other (see the model card)";

    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

    private final XMLStreamWriter xml;
    private int depth;

    private DataCiteXml(XMLStreamWriter xml) {
        this.xml = xml;
    }

    static String render(Citable c) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter writer = FACTORY.createXMLStreamWriter(out);
            new DataCiteXml(writer).resource(c);
            writer.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("could not write DataCite XML for " + c.pid(), e);
        }
        return out.toString();
    }

    private void resource(Citable c) throws XMLStreamException {
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeCharacters("\n");
        xml.setDefaultNamespace(NAMESPACE);
        xml.writeStartElement(NAMESPACE, "resource");
        xml.writeDefaultNamespace(NAMESPACE);
        xml.writeNamespace("xsi", XSI);
        xml.writeAttribute(XSI, "schemaLocation", NAMESPACE + " " + SCHEMA_LOCATION);
        depth++;

        // The schema leaves identifierType open: an identifier that is no registered DOI is given as what resolves it.
        if (c.registered()) {
            text("identifier", c.pid(), "identifierType", "DOI");
        } else {
            text("identifier", c.identifierUrl(), "identifierType", "URL");
        }
        creators(c);
        start("titles");
        text("title", c.title());
        end();
        text("publisher", c.publisher());
        text("publicationYear", String.valueOf(c.year()));
        text("resourceType", RESOURCE_TYPE, "resourceTypeGeneral", RESOURCE_TYPE_GENERAL);
        if (!c.keywords().isEmpty()) {
            start("subjects");
            for (String keyword : c.keywords()) {
                text("subject", keyword);
            }
            end();
        }
        start("dates");
        text("date", c.issued().toString(), "dateType", "Issued");
        if (c.withdrawn() && c.withdrawnAt() != null) {
            // DataCite's retraction practice: a Withdrawn date, the reason in dateInformation.
            text("date", c.withdrawnOn().toString(), "dateType", "Withdrawn",
                    "dateInformation", c.withdrawalReason());
        }
        if (c.availableFrom() != null) {
            text("date", day(c.availableFrom()), "dateType", "Available");
        }
        end();
        if (c.manifestDigest() != null) {
            start("alternateIdentifiers");
            text("alternateIdentifier", c.manifestDigest(), "alternateIdentifierType", "sha256");
            end();
        }
        if (!c.relations().isEmpty()) {
            start("relatedIdentifiers");
            for (Citable.Relation r : c.relations()) {
                text("relatedIdentifier", r.identifier(), "relatedIdentifierType", r.identifierType(), "relationType", r.type());
            }
            end();
        }
        if (!c.sizes().isEmpty()) {
            start("sizes");
            for (String size : c.sizes()) {
                text("size", size);
            }
            end();
        }
        if (!c.formats().isEmpty()) {
            start("formats");
            for (String format : c.formats()) {
                text("format", format);
            }
            end();
        }
        if (c.version() != null) {
            text("version", c.version());
        }
        if (c.license() != null) {
            start("rightsList");
            rights(c);
            end();
        }
        if (c.description() != null || c.withdrawn()) {
            start("descriptions");
            if (c.description() != null) {
                text("description", c.description(), "descriptionType", "Abstract");
            }
            if (c.withdrawn()) {
                text("description", c.withdrawalNote(), "descriptionType", "Other");
            }
            end();
        }

        depth--;
        newline();
        xml.writeEndElement();
        xml.writeCharacters("\n");
        xml.writeEndDocument();
    }

    /** The UTC day of an instant, as DataCite dates are written. */
    static String day(java.time.Instant instant) {
        return java.time.LocalDate.ofInstant(instant, java.time.ZoneOffset.UTC).toString();
    }

    private void creators(Citable c) throws XMLStreamException {
        start("creators");
        if (c.creators().isEmpty()) {
            start("creator");
            text("creatorName", UNAVAILABLE, "nameType", "Organizational");
            end();
        }
        for (Citable.Creator creator : c.creators()) {
            start("creator");
            if (creator.personal()) {
                text("creatorName", creator.name(), "nameType", "Personal");
            } else {
                text("creatorName", creator.name());
            }
            if (creator.split()) {
                text("givenName", creator.given());
                text("familyName", creator.family());
            }
            if (creator.orcid() != null) {
                text("nameIdentifier", creator.orcid(), "nameIdentifierScheme", "ORCID", "schemeURI", "https://orcid.org");
            }
            if (creator.affiliation() != null) {
                text("affiliation", creator.affiliation());
            }
            end();
        }
        end();
    }

    private void rights(Citable c) throws XMLStreamException {
        String spdx = c.spdxLicense();
        if (spdx == null) {
            text("rights", OTHER_RIGHTS);
        } else {
            text("rights", spdx, "rightsURI", c.licenseUrl(), "rightsIdentifier", spdx, "rightsIdentifierScheme", "SPDX",
                    "schemeURI", "https://spdx.org/licenses/");
        }
    }

    private void start(String name) throws XMLStreamException {
        newline();
        xml.writeStartElement(NAMESPACE, name);
        depth++;
    }

    private void end() throws XMLStreamException {
        depth--;
        newline();
        xml.writeEndElement();
    }

    /** An element with text and attributes given as name, value pairs; a null attribute value is left out. */
    private void text(String name, String value, String... attributes) throws XMLStreamException {
        newline();
        xml.writeStartElement(NAMESPACE, name);
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i + 1] != null) {
                xml.writeAttribute(attributes[i], attributes[i + 1]);
            }
        }
        xml.writeCharacters(value);
        xml.writeEndElement();
    }

    private void newline() throws XMLStreamException {
        xml.writeCharacters("\n" + "  ".repeat(depth));
    }
}
