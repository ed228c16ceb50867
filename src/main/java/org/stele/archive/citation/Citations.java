package org.stele.archive.citation;

import java.util.List;
import java.util.function.Predicate;
import org.stele.archive.reading.VersionRecord;
import org.stele.domain.ArchiveException;

/**
 * Renders the record behind an identifier in every {@link CitationFormat}: metadata for registries and
 * harvesters (DataCite, schema.org, CFF) and citations for people and reference managers (BibTeX, RIS,
 * CSL-JSON, formatted text). Pure and thread-safe: no I/O beyond reading CSL styles from the classpath.
 *
 * <p>A {@link VersionRecord} cites that exact version: its label, manifest digest and neighbours. A
 * {@link VersionRecord.Concept} cites the model as a whole: its latest version's metadata under the concept
 * identifier, without a version label. A withdrawn version still renders in full, marked withdrawn with
 * date and reason.
 *
 * <p>Every format says only what is true of an identifier: one the given predicate calls a DOI registered and findable
 * at DataCite is presented as a DOI ({@code https://doi.org/…}, DOI fields); any other (registration off, a test
 * prefix, not yet registered) only as what it is, an identifier that the archive's own resolver resolves
 * ({@code {base}/pid/{pid}}), with no DOI field at all. The same rule applies to each related Stele identifier.
 */
public final class Citations {
    /** The publisher named when none is configured. */
    public static final String DEFAULT_PUBLISHER = "Stele";

    private final String baseUrl;
    private final String publisher;
    private final Predicate<String> registeredDoi;

    /**
     * @param baseUrl       public base URL of the archive, e.g. {@code https://archive.example.org}; landing pages
     *                      are {@code baseUrl + "/pid/" + pid}. A trailing slash is ignored.
     * @param publisher     the publisher named in every format; null or blank for {@value #DEFAULT_PUBLISHER}
     * @param registeredDoi whether an identifier of this archive is a DOI registered and findable at DataCite, so
     *                      that {@code https://doi.org/{pid}} resolves; asked for the record's identifier and for every
     *                      related one
     */
    public Citations(String baseUrl, String publisher, Predicate<String> registeredDoi) {
        if (registeredDoi == null) {
            throw new IllegalArgumentException("say which identifiers are registered DOIs (pid -> false for none)");
        }
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("a public base URL is needed for landing-page links");
        }
        String base = baseUrl.strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        this.baseUrl = base;
        this.publisher = publisher == null || publisher.isBlank() ? DEFAULT_PUBLISHER : publisher.strip();
        this.registeredDoi = registeredDoi;
    }

    /**
     * Renders {@code record} in {@code format}.
     *
     * @param record a {@link VersionRecord} (published or withdrawn) or a {@link VersionRecord.Concept}
     * @param style  for {@link CitationFormat#CITATION} only: one of {@link #styles()}, null for apa
     * @param locale for {@link CitationFormat#CITATION} only: a CSL locale such as en-GB; null, or one without a
     *               locale file, gives en-US
     * @throws ArchiveException         406 {@code unsupported_style} for an unknown style
     * @throws IllegalArgumentException for any other kind of record, or one without a publication date
     */
    public String render(CitationFormat format, Object record, String style, String locale) {
        Citable citable = Citable.of(record, baseUrl, publisher, registeredDoi);
        return switch (format) {
            case DATACITE_XML -> DataCiteXml.render(citable);
            case DATACITE_JSON -> DataCiteJson.render(citable);
            case CSL -> CslJson.render(citable);
            case BIBTEX -> BibTex.render(citable);
            case RIS -> Ris.render(citable);
            case CITATION -> FormattedCitation.render(citable, style, locale);
            case SCHEMAORG -> SchemaOrg.render(citable);
            case CFF -> CitationCff.render(citable);
        };
    }

    /**
     * Renders {@code record} as unqualified Dublin Core in OAI-PMH's {@code oai_dc} wrapper ({@code <oai_dc:dc>}),
     * the format every OAI-PMH repository must offer. Not a {@link CitationFormat}: no resolver negotiates it.
     *
     * @param record a {@link VersionRecord} (published or withdrawn) or a {@link VersionRecord.Concept}
     */
    public String dublinCore(Object record) {
        return DublinCore.render(Citable.of(record, baseUrl, publisher, registeredDoi));
    }

    /** The landing page of an identifier: {@code baseUrl + "/pid/" + pid}. */
    public String landingUrl(String pid) {
        return Citable.landingUrl(baseUrl, pid);
    }

    /** True when {@code pid} is a DOI registered and findable at DataCite: only then is it shown as a DOI. */
    public boolean registeredDoi(String pid) {
        return registeredDoi.test(pid);
    }

    /**
     * The URL that resolves {@code pid}, as every format presents it: {@code https://doi.org/{pid}} for a
     * {@link #registeredDoi registered DOI}, else the archive's resolver, {@link #landingUrl}.
     */
    public String identifierUrl(String pid) {
        return registeredDoi(pid) ? Citable.doiUrl(pid) : landingUrl(pid);
    }

    /** The citation styles {@link CitationFormat#CITATION} supports: apa, ieee, harvard, chicago-author-date. */
    public static List<String> styles() {
        return FormattedCitation.styles();
    }
}
