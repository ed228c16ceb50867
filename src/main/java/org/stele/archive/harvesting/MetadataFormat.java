package org.stele.archive.harvesting;

import java.util.Arrays;
import java.util.Optional;

/** The metadata formats every record is disseminated in, by OAI-PMH {@code metadataPrefix}. */
public enum MetadataFormat {
    /** Unqualified Dublin Core, which every OAI-PMH repository must offer. */
    OAI_DC("oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd", "http://www.openarchives.org/OAI/2.0/oai_dc/"),
    /** DataCite kernel 4 XML inside DataCite's {@code <oai_datacite>} envelope (oai-1.1), as DataCite and Zenodo serve it. */
    OAI_DATACITE("oai_datacite", "http://schema.datacite.org/oai/oai-1.1/oai.xsd", "http://schema.datacite.org/oai/oai-1.1/"),
    /** The DataCite kernel 4 {@code <resource>} itself. */
    DATACITE("datacite", "http://schema.datacite.org/meta/kernel-4.6/metadata.xsd", "http://datacite.org/schema/kernel-4");

    /** The DataCite kernel version the DataCite formats are written in. */
    public static final String DATACITE_SCHEMA_VERSION = "4.6";

    private final String prefix;
    private final String schema;
    private final String namespace;

    MetadataFormat(String prefix, String schema, String namespace) {
        this.prefix = prefix;
        this.schema = schema;
        this.namespace = namespace;
    }

    public String prefix() {
        return prefix;
    }

    /** The XML schema a record in this format validates against. */
    public String schema() {
        return schema;
    }

    /** The namespace of the format's root element. */
    public String namespace() {
        return namespace;
    }

    /** The format of a {@code metadataPrefix}; prefixes are case-sensitive. */
    public static Optional<MetadataFormat> of(String prefix) {
        return Arrays.stream(values()).filter(f -> f.prefix.equals(prefix)).findFirst();
    }
}
