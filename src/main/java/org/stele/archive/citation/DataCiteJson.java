package org.stele.archive.citation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * DataCite JSON: the {@code attributes} object of the DataCite REST API ({@code /dois}), carrying the same
 * metadata as {@link DataCiteXml}. Ready to be wrapped in {@code {"data": {"type": "dois", "attributes": …}}}.
 */
final class DataCiteJson {
    private DataCiteJson() {
    }

    static String render(Citable c) {
        return Json.write(attributes(c));
    }

    static Map<String, Object> attributes(Citable c) {
        Map<String, Object> a = Json.object();
        // In the REST API "identifiers" holds the alternate identifiers; the DOI itself is "doi", only when registered:
        // otherwise the identifier is given as the archive's resolver URL, as in the XML.
        a.put("doi", c.registered() ? c.pid() : null);
        a.put("url", c.landingUrl());
        List<Map<String, Object>> identifiers = new ArrayList<>();
        if (!c.registered()) {
            identifiers.add(identifier(c.identifierUrl(), "URL"));
        }
        if (c.manifestDigest() != null) {
            identifiers.add(identifier(c.manifestDigest(), "sha256"));
        }
        a.put("identifiers", identifiers);
        a.put("creators", creators(c));
        a.put("titles", List.of(Map.of("title", c.title())));
        a.put("publisher", c.publisher());
        a.put("publicationYear", c.year());
        Map<String, Object> types = Json.object();
        types.put("resourceTypeGeneral", DataCiteXml.RESOURCE_TYPE_GENERAL);
        types.put("resourceType", DataCiteXml.RESOURCE_TYPE);
        types.put("schemaOrg", SchemaOrg.TYPE);
        types.put("citeproc", CslJson.TYPE);
        types.put("bibtex", BibTex.TYPE);
        types.put("ris", Ris.TYPE);
        a.put("types", types);
        a.put("subjects", c.keywords().stream().map(k -> Map.of("subject", k)).toList());
        a.put("dates", dates(c));
        a.put("relatedIdentifiers", c.relations().stream().map(r -> {
            Map<String, Object> related = Json.object();
            related.put("relatedIdentifier", r.identifier());
            related.put("relatedIdentifierType", r.identifierType());
            related.put("relationType", r.type());
            return related;
        }).toList());
        a.put("sizes", c.sizes());
        a.put("formats", c.formats());
        a.put("version", c.version());
        a.put("rightsList", rights(c));
        a.put("descriptions", descriptions(c));
        a.put("schemaVersion", DataCiteXml.NAMESPACE);
        return a;
    }

    private static Map<String, Object> identifier(String value, String type) {
        Map<String, Object> id = Json.object("identifier", value);
        id.put("identifierType", type);
        return id;
    }

    private static List<Map<String, Object>> creators(Citable c) {
        if (c.creators().isEmpty()) {
            Map<String, Object> unavailable = Json.object("name", DataCiteXml.UNAVAILABLE);
            unavailable.put("nameType", "Organizational");
            return List.of(unavailable);
        }
        List<Map<String, Object>> creators = new ArrayList<>();
        for (Citable.Creator creator : c.creators()) {
            Map<String, Object> m = Json.object("name", creator.name());
            m.put("nameType", creator.personal() ? "Personal" : null);
            m.put("givenName", creator.given());
            m.put("familyName", creator.family());
            if (creator.orcid() != null) {
                Map<String, Object> id = Json.object("nameIdentifier", creator.orcid());
                id.put("nameIdentifierScheme", "ORCID");
                id.put("schemeUri", "https://orcid.org");
                m.put("nameIdentifiers", List.of(id));
            }
            if (creator.affiliation() != null) {
                m.put("affiliation", List.of(Map.of("name", creator.affiliation())));
            }
            creators.add(m);
        }
        return creators;
    }

    private static List<Map<String, Object>> dates(Citable c) {
        List<Map<String, Object>> dates = new ArrayList<>();
        Map<String, Object> issued = Json.object("date", c.issued().toString());
        issued.put("dateType", "Issued");
        dates.add(issued);
        if (c.withdrawnOn() != null) {
            Map<String, Object> withdrawn = Json.object("date", c.withdrawnOn().toString());
            withdrawn.put("dateType", "Withdrawn");
            withdrawn.put("dateInformation", c.withdrawalReason());
            dates.add(withdrawn);
        }
        if (c.availableFrom() != null) {
            Map<String, Object> available = Json.object("date", DataCiteXml.day(c.availableFrom()));
            available.put("dateType", "Available");
            dates.add(available);
        }
        return dates;
    }

    private static List<Map<String, Object>> rights(Citable c) {
        if (c.license() == null) {
            return List.of();
        }
        String spdx = c.spdxLicense();
        if (spdx == null) {
            return List.of(Map.of("rights", DataCiteXml.OTHER_RIGHTS));
        }
        Map<String, Object> rights = Json.object("rights", spdx);
        rights.put("rightsUri", c.licenseUrl());
        rights.put("rightsIdentifier", spdx);
        rights.put("rightsIdentifierScheme", "SPDX");
        rights.put("schemeUri", "https://spdx.org/licenses/");
        return List.of(rights);
    }

    private static List<Map<String, Object>> descriptions(Citable c) {
        List<Map<String, Object>> descriptions = new ArrayList<>();
        if (c.description() != null) {
            Map<String, Object> d = Json.object("description", c.description());
            d.put("descriptionType", "Abstract");
            descriptions.add(d);
        }
        if (c.withdrawn()) {
            Map<String, Object> d = Json.object("description", c.withdrawalNote());
            d.put("descriptionType", "Other");
            descriptions.add(d);
        }
        return descriptions;
    }
}
