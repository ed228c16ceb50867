package org.stele.archive.citation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CITATION.cff, Citation File Format 1.2.0, as GitHub and Zenodo read it. Type {@code software}: CFF knows
 * only software and dataset. Every string is quoted, so a version "1.0" or a date stays a string. {@code doi} only
 * for a registered DOI; otherwise the identifier is listed under {@code identifiers} as the archive's resolver URL.
 */
final class CitationCff {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .defaultPropertyInclusion(Json.PRESENT_ONLY)
            .build();

    private CitationCff() {
    }

    static String render(Citable c) {
        Map<String, Object> cff = Json.object();
        cff.put("cff-version", "1.2.0");
        cff.put("message", message(c));
        cff.put("type", "software");
        cff.put("title", c.title());
        cff.put("authors", c.creators().stream().map(CitationCff::author).toList());
        cff.put("version", c.version());
        cff.put("doi", c.registered() ? c.pid() : null);
        cff.put("date-released", c.issued().toString());
        cff.put("license", c.spdxLicense());
        cff.put("url", c.landingUrl());
        cff.put("keywords", c.keywords());
        cff.put("abstract", c.description());
        cff.put("identifiers", identifiers(c));
        try {
            return YAML.writeValueAsString(cff);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings and lists always serialise", e);
        }
    }

    private static String message(Citable c) {
        if (c.concept()) {
            return "If you use this model, please cite it as below; this identifier covers all of its versions.";
        }
        if (c.withdrawn()) {
            return c.withdrawalNote() + ". If you used this version, please cite it as below.";
        }
        return "If you use this model, please cite this version as below.";
    }

    /** A person when the name splits; otherwise CFF's entity, which takes a name as given. */
    private static Map<String, Object> author(Citable.Creator creator) {
        Map<String, Object> a = Json.object();
        if (creator.split()) {
            a.put("given-names", creator.given());
            a.put("family-names", creator.family());
            a.put("affiliation", creator.affiliation());
        } else {
            a.put("name", creator.name());
        }
        a.put("orcid", creator.orcid());
        return a;
    }

    /**
     * The identifier itself when it is no registered DOI (so {@code doi} is absent): the archive's resolver URL. Then
     * the concept's identifier, as a DOI only when registered, and the manifest digest.
     */
    private static List<Map<String, Object>> identifiers(Citable c) {
        List<Map<String, Object>> ids = new ArrayList<>();
        if (!c.registered()) {
            ids.add(identifier("url", c.identifierUrl(), "Persistent identifier " + c.pid() + ", resolved by the archive"));
        }
        for (Citable.Relation concept : c.related(Citable.IS_VERSION_OF)) {
            ids.add(concept.doi() ? identifier("doi", concept.identifier(), "Concept DOI: all versions of this model")
                    : identifier("url", concept.url(), "Concept identifier: all versions of this model"));
        }
        if (c.manifestDigest() != null) {
            ids.add(identifier("other", c.manifestDigest(), "SHA-256 digest of the version manifest (exact files)"));
        }
        return ids;
    }

    private static Map<String, Object> identifier(String type, String value, String description) {
        Map<String, Object> id = Json.object("type", type);
        id.put("value", value);
        id.put("description", description);
        return id;
    }
}
