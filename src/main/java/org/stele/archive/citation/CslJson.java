package org.stele.archive.citation;

import java.util.List;
import java.util.Map;

/**
 * CSL-JSON (citeproc JSON): an array holding one item, the input of every CSL processor (Zotero, Pandoc,
 * citeproc-js) and of {@link FormattedCitation}.
 */
final class CslJson {
    /** CSL has no type for a model; "software" is the nearest. */
    static final String TYPE = "software";

    private CslJson() {
    }

    static String render(Citable c) {
        return Json.write(List.of(item(c)));
    }

    static Map<String, Object> item(Citable c) {
        Map<String, Object> item = Json.object();
        item.put("id", c.pid());
        item.put("type", TYPE);
        item.put("title", c.title());
        item.put("author", c.creators().stream().map(CslJson::name).toList());
        item.put("issued", Map.of("date-parts",
                List.of(List.of(c.issued().getYear(), c.issued().getMonthValue(), c.issued().getDayOfMonth()))));
        item.put("version", c.version());
        // A CSL processor turns DOI into https://doi.org/…: only a registered DOI may be one.
        item.put("DOI", c.registered() ? c.pid() : null);
        item.put("URL", c.landingUrl());
        item.put("publisher", c.publisher());
        item.put("abstract", c.description());
        item.put("keyword", c.keywords().isEmpty() ? null : String.join(", ", c.keywords()));
        item.put("note", c.note());
        return item;
    }

    private static Map<String, Object> name(Citable.Creator creator) {
        if (!creator.split()) {
            // A literal name is printed as given and never inverted or abbreviated.
            return Map.of("literal", creator.name());
        }
        Map<String, Object> name = Json.object("family", creator.family());
        name.put("given", creator.given());
        return name;
    }
}
