package org.stele.archive.citation;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The metadata and citation formats an identifier can be answered in: by {@code ?format=} name or by
 * {@code Accept} media type, with the types DOI content negotiation uses (data.crosscite.org) so that
 * clients written for doi.org work against Stele unchanged.
 */
public enum CitationFormat {
    DATACITE_XML("datacite-xml", "xml", "application/vnd.datacite.datacite+xml", "application/x-datacite+xml"),
    DATACITE_JSON("datacite-json", "json", "application/vnd.datacite.datacite+json"),
    CSL("csl", "json", "application/vnd.citationstyles.csl+json", "application/citeproc+json"),
    BIBTEX("bibtex", "bib", "application/x-bibtex"),
    RIS("ris", "ris", "application/x-research-info-systems"),
    /** A formatted reference in a citation style; takes {@code style} and {@code locale}. */
    CITATION("citation", "txt", "text/x-bibliography"),
    SCHEMAORG("schemaorg", "jsonld", "application/ld+json", "application/vnd.schemaorg.ld+json"),
    /** CITATION.cff 1.2.0 (YAML). {@code application/x-yaml} is accepted as the type the CFF community uses. */
    CFF("cff", "cff", "application/x-cff", "application/x-yaml");

    private final String formatName;
    private final String extension;
    private final List<String> mediaTypes;

    CitationFormat(String formatName, String extension, String... mediaTypes) {
        this.formatName = formatName;
        this.extension = extension;
        this.mediaTypes = List.of(mediaTypes);
    }

    /** The name used in {@code ?format=}, e.g. {@code datacite-xml}. */
    public String formatName() {
        return formatName;
    }

    /** The media type answered, without parameters (add {@code ;charset=UTF-8} for the text types). */
    public String mediaType() {
        return mediaTypes.get(0);
    }

    /** Every media type that selects this format, the answered one first. */
    public List<String> acceptedMediaTypes() {
        return mediaTypes;
    }

    /** File extension for {@code Content-Disposition}, without the dot. */
    public String extension() {
        return extension;
    }

    /** The format with this {@code ?format=} name (case-insensitive), if any. */
    public static Optional<CitationFormat> fromFormatName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        for (CitationFormat format : values()) {
            if (format.formatName.equals(wanted)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /**
     * The format a media type asks for, if any. Parameters ({@code text/x-bibliography; style=ieee}) and
     * case are ignored; read {@code style} and {@code locale} with {@link #mediaTypeParameter}.
     */
    public static Optional<CitationFormat> fromMediaType(String mediaType) {
        if (mediaType == null) {
            return Optional.empty();
        }
        int semicolon = mediaType.indexOf(';');
        String bare = (semicolon < 0 ? mediaType : mediaType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        for (CitationFormat format : values()) {
            if (format.mediaTypes.contains(bare)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /**
     * A parameter of a media type, e.g. {@code style} of {@code text/x-bibliography; style=ieee;locale=en-GB}.
     * Whitespace around {@code ;} and {@code =} is tolerated (doi.org's own parser needs exactly "; ").
     */
    public static Optional<String> mediaTypeParameter(String mediaType, String parameter) {
        if (mediaType == null) {
            return Optional.empty();
        }
        String[] parts = mediaType.split(";");
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0 && parts[i].substring(0, eq).strip().equalsIgnoreCase(parameter)) {
                String value = parts[i].substring(eq + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
