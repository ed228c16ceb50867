package org.stele.archive.citation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * schema.org JSON-LD, for search engines and harvesters. schema.org has no type for a trained model;
 * {@code SoftwareSourceCode} (DataCite's mapping for software) is the nearest. A version is
 * {@code isPartOf} its concept and {@code isBasedOn} the version before it; a concept {@code hasPart} its versions.
 */
final class SchemaOrg {
    static final String TYPE = "SoftwareSourceCode";

    private SchemaOrg() {
    }

    static String render(Citable c) {
        Map<String, Object> d = Json.object();
        d.put("@context", "https://schema.org");
        d.put("@type", TYPE);
        d.put("@id", c.identifierUrl());
        d.put("identifier", identifiers(c));
        d.put("url", c.landingUrl());
        d.put("name", c.title());
        d.put("version", c.version());
        d.put("description", c.description());
        d.put("author", c.creators().stream().map(SchemaOrg::author).toList());
        d.put("license", c.licenseUrl());
        d.put("datePublished", c.issued().toString());
        d.put("publisher", organization(c.publisher()));
        d.put("keywords", c.keywords().isEmpty() ? null : String.join(", ", c.keywords()));
        if (c.withdrawn()) {
            d.put("creativeWorkStatus", "Withdrawn");
            d.put("disambiguatingDescription", c.withdrawalNote());
        }
        d.put("isPartOf", references(c.related(Citable.IS_VERSION_OF)));
        d.put("isBasedOn", references(c.related(Citable.IS_NEW_VERSION_OF)));
        d.put("hasPart", references(c.related(Citable.HAS_VERSION)));
        return Json.write(d);
    }

    /** A registered DOI as a DOI property value; any other identifier as the URL of the archive's resolver. */
    private static List<Object> identifiers(Citable c) {
        List<Object> ids = new ArrayList<>();
        ids.add(c.registered() ? propertyValue("DOI", c.pid(), c.identifierUrl()) : c.identifierUrl());
        if (c.manifestDigest() != null) {
            ids.add(propertyValue("sha256", c.manifestDigest(), null));
        }
        return ids;
    }

    private static Map<String, Object> propertyValue(String property, String value, String url) {
        Map<String, Object> v = Json.object("@type", "PropertyValue");
        v.put("propertyID", property);
        v.put("value", value);
        v.put("url", url);
        return v;
    }

    private static Map<String, Object> author(Citable.Creator creator) {
        Map<String, Object> a = Json.object();
        // A name that neither splits nor has an ORCID iD may be a person or an organisation: no type is claimed.
        a.put("@type", creator.personal() ? "Person" : null);
        a.put("@id", creator.orcid());
        a.put("name", creator.name());
        a.put("givenName", creator.given());
        a.put("familyName", creator.family());
        if (creator.affiliation() != null) {
            a.put("affiliation", organization(creator.affiliation()));
        }
        return a;
    }

    private static Map<String, Object> organization(String name) {
        Map<String, Object> o = Json.object("@type", "Organization");
        o.put("name", name);
        return o;
    }

    /** Node references by the URL that resolves each (doi.org for a registered DOI); one stands alone, several form a list. */
    private static Object references(List<Citable.Relation> relations) {
        List<Map<String, Object>> refs = relations.stream().map(r -> Json.object("@id", r.url())).toList();
        return refs.size() == 1 ? refs.get(0) : refs;
    }
}
