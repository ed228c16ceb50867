package org.stele.archive.citation;

/**
 * RIS, the tagged format of EndNote, Zotero, Mendeley and most library systems. Type {@code COMP} (computer
 * program), the closest RIS has to a model. Lines end in CRLF, as the format was specified; each value is one line.
 * {@code DO} only for a registered DOI; {@code UR} is the archive's resolver and {@code N1} names the identifier otherwise.
 */
final class Ris {
    static final String TYPE = "COMP";
    private static final String EOL = "\r\n";

    private Ris() {
    }

    static String render(Citable c) {
        StringBuilder out = new StringBuilder();
        tag(out, "TY", TYPE);
        tag(out, "TI", c.title());
        for (Citable.Creator creator : c.creators()) {
            tag(out, "AU", creator.inverted());
        }
        tag(out, "PY", String.valueOf(c.year()));
        tag(out, "DA", c.issued().toString().replace('-', '/'));
        tag(out, "ET", c.version());
        tag(out, "DO", c.registered() ? c.pid() : null);
        tag(out, "UR", c.landingUrl());
        tag(out, "PB", c.publisher());
        tag(out, "AB", c.description());
        for (String keyword : c.keywords()) {
            tag(out, "KW", keyword);
        }
        tag(out, "N1", c.note());
        out.append("ER  - ").append(EOL);
        return out.toString();
    }

    private static void tag(StringBuilder out, String tag, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        // A line break would end the value early and start a line no reader can tag.
        out.append(tag).append("  - ").append(value.replaceAll("\\s+", " ").strip()).append(EOL);
    }
}
