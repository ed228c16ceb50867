package org.stele.archive.citation;

import java.io.StringWriter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Unqualified Dublin Core as OAI-PMH's {@code oai_dc} format carries it ({@code <oai_dc:dc>}), from the same
 * {@link Citable} every other format reads, following the OpenAIRE conventions Zenodo uses: access rights and the
 * resource type as {@code info:eu-repo} terms beside their plain values.
 */
final class DublinCore {
    static final String OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/";
    static final String OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd";
    static final String DC = "http://purl.org/dc/elements/1.1/";
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

    private final XMLStreamWriter xml;

    private DublinCore(XMLStreamWriter xml) {
        this.xml = xml;
    }

    static String render(Citable c) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter writer = FACTORY.createXMLStreamWriter(out);
            new DublinCore(writer).dc(c);
            writer.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("could not write Dublin Core for " + c.pid(), e);
        }
        return out.toString();
    }

    private void dc(Citable c) throws XMLStreamException {
        xml.writeStartDocument("UTF-8", "1.0");
        xml.setPrefix("oai_dc", OAI_DC);
        xml.setPrefix("dc", DC);
        xml.writeStartElement(OAI_DC, "dc");
        xml.writeNamespace("oai_dc", OAI_DC);
        xml.writeNamespace("dc", DC);
        xml.writeNamespace("xsi", XSI);
        xml.writeAttribute(XSI, "schemaLocation", OAI_DC + " " + OAI_DC_SCHEMA);

        element("title", c.title());
        for (Citable.Creator creator : c.creators()) {
            element("creator", creator.inverted());
        }
        for (String keyword : c.keywords()) {
            element("subject", keyword);
        }
        element("description", c.description());
        element("description", c.withdrawalNote());
        element("publisher", c.publisher());
        element("date", c.issued().toString());
        element("type", DataCiteXml.RESOURCE_TYPE_GENERAL);
        element("type", "info:eu-repo/semantics/other");
        element("identifier", c.identifierUrl());
        element("identifier", c.manifestDigest());
        for (Citable.Relation relation : c.relations()) {
            element("relation", relation.doi() ? "doi:" + relation.identifier() : relation.url());
        }
        element("rights", c.withdrawn() ? "info:eu-repo/semantics/closedAccess" : "info:eu-repo/semantics/openAccess");
        element("rights", c.license() == null ? null : c.spdxLicense() == null ? DataCiteXml.OTHER_RIGHTS : c.licenseUrl());

        xml.writeEndElement();
        xml.writeEndDocument();
    }

    /** A DC element with {@code value}; nothing for null. */
    private void element(String name, String value) throws XMLStreamException {
        if (value == null) {
            return;
        }
        xml.writeStartElement(DC, name);
        xml.writeCharacters(value);
        xml.writeEndElement();
    }
}
