package org.stele.api.oai;

import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes one OAI-PMH response document: the envelope, the verb's element, and metadata documents spliced in
 * element by element (so a record's XML is carried, never re-escaped). Every value goes through the XML writer.
 */
final class OaiXml {
    static final String OAI = "http://www.openarchives.org/OAI/2.0/";
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();
    private static final XMLInputFactory INPUT = XMLInputFactory.newFactory();

    static {
        INPUT.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        INPUT.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

    private final StringWriter out = new StringWriter();
    private final XMLStreamWriter xml;

    /**
     * Opens the envelope with the response date and the request echoed.
     *
     * @param request the arguments to echo as attributes (none for badVerb and badArgument)
     */
    OaiXml(Instant responseDate, String baseUrl, Map<String, String> request) throws XMLStreamException {
        xml = OUTPUT.createXMLStreamWriter(out);
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeCharacters("\n");
        xml.setDefaultNamespace(OAI);
        xml.writeStartElement(OAI, "OAI-PMH");
        xml.writeDefaultNamespace(OAI);
        xml.writeNamespace("xsi", XSI);
        xml.writeAttribute(XSI, "schemaLocation", OAI + " http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd");
        text("responseDate", datestamp(responseDate));
        xml.writeStartElement(OAI, "request");
        for (Map.Entry<String, String> argument : request.entrySet()) {
            xml.writeAttribute(argument.getKey(), argument.getValue());
        }
        xml.writeCharacters(baseUrl);
        xml.writeEndElement();
    }

    /** A UTC datestamp at the repository's granularity, seconds. */
    static String datestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    XMLStreamWriter writer() {
        return xml;
    }

    void error(String code, String message) throws XMLStreamException {
        xml.writeStartElement(OAI, "error");
        xml.writeAttribute("code", code);
        xml.writeCharacters(message);
        xml.writeEndElement();
    }

    void start(String name) throws XMLStreamException {
        xml.writeStartElement(OAI, name);
    }

    void end() throws XMLStreamException {
        xml.writeEndElement();
    }

    void text(String name, String value) throws XMLStreamException {
        xml.writeStartElement(OAI, name);
        xml.writeCharacters(value);
        xml.writeEndElement();
    }

    /** Copies the root element of an XML document, with its namespaces and everything inside, into the response. */
    void splice(String document) throws XMLStreamException {
        XMLStreamReader in = INPUT.createXMLStreamReader(new StringReader(document));
        try {
            while (in.hasNext()) {
                switch (in.next()) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        String prefix = in.getPrefix() == null ? XMLConstants.DEFAULT_NS_PREFIX : in.getPrefix();
                        xml.writeStartElement(prefix, in.getLocalName(), in.getNamespaceURI() == null ? "" : in.getNamespaceURI());
                        for (int i = 0; i < in.getNamespaceCount(); i++) {
                            String p = in.getNamespacePrefix(i);
                            if (p == null || p.isEmpty()) {
                                xml.writeDefaultNamespace(in.getNamespaceURI(i));
                            } else {
                                xml.writeNamespace(p, in.getNamespaceURI(i));
                            }
                        }
                        for (int i = 0; i < in.getAttributeCount(); i++) {
                            String ns = in.getAttributeNamespace(i);
                            if (ns == null || ns.isEmpty()) {
                                xml.writeAttribute(in.getAttributeLocalName(i), in.getAttributeValue(i));
                            } else {
                                xml.writeAttribute(in.getAttributePrefix(i), ns, in.getAttributeLocalName(i), in.getAttributeValue(i));
                            }
                        }
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> xml.writeCharacters(in.getText());
                    case XMLStreamConstants.END_ELEMENT -> xml.writeEndElement();
                    default -> {
                        // The prolog, comments and processing instructions of the record stay out of the envelope.
                    }
                }
            }
        } finally {
            in.close();
        }
    }

    String finish() throws XMLStreamException {
        xml.writeEndElement();
        xml.writeCharacters("\n");
        xml.writeEndDocument();
        xml.close();
        return out.toString();
    }
}
