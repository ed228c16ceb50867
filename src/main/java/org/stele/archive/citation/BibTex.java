package org.stele.archive.citation;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * BibTeX, as an {@code @misc} entry: every BibTeX and biblatex style knows it (biblatex's {@code @software} is
 * unknown to classic BibTeX styles). Fields biblatex adds ({@code version}, {@code doi}, {@code url}) are
 * ignored by classic styles, which print {@code howpublished} and {@code note} instead. Text stays UTF-8. An
 * identifier that is no registered DOI has no {@code doi} field: {@code url} and {@code howpublished} give the
 * archive's resolver and {@code note} names the identifier.
 */
final class BibTex {
    static final String TYPE = "misc";

    private BibTex() {
    }

    static String render(Citable c) {
        List<String[]> fields = new ArrayList<>();
        // Double braces keep the title's case: styles would otherwise lowercase "LLaMA" to "Llama".
        fields.add(field("title", "{" + escape(c.title()) + "}"));
        if (!c.creators().isEmpty()) {
            fields.add(field("author", c.creators().stream().map(BibTex::name).collect(Collectors.joining(" and "))));
        }
        fields.add(field("year", String.valueOf(c.year())));
        if (c.version() != null) {
            fields.add(field("version", escape(c.version())));
        }
        if (c.registered()) {
            fields.add(field("doi", c.pid()));
        }
        fields.add(field("url", c.landingUrl()));
        fields.add(field("howpublished", "\\url{" + c.landingUrl() + "}"));
        fields.add(field("publisher", escape(c.publisher())));
        if (!c.keywords().isEmpty()) {
            fields.add(field("keywords", escape(String.join(", ", c.keywords()))));
        }
        if (c.note() != null) {
            fields.add(field("note", escape(c.note())));
        }
        StringBuilder out = new StringBuilder("@").append(TYPE).append('{').append(key(c));
        for (String[] f : fields) {
            out.append(",\n  ").append(f[0]).append(" = {").append(f[1]).append('}');
        }
        return out.append("\n}\n").toString();
    }

    /**
     * A readable, stable key: first author's family name, year, model name, then the start of the identifier
     * suffix, so a version and its concept (or two models of one author and year) never collide:
     * {@code lovelace2026tinyllm_1f79}.
     */
    static String key(Citable c) {
        String author = c.creators().isEmpty() ? "" : ascii(c.creators().get(0).familyOrName());
        String name = ascii(c.modelName());
        String suffix = c.compactSuffix();
        return (author.isEmpty() ? "anon" : author) + c.year() + name + "_" + suffix.substring(0, Math.min(4, suffix.length()));
    }

    /** "Family, Given"; a name that does not split is braced so BibTeX takes it whole (organisations, "X and Y Lab"). */
    private static String name(Citable.Creator creator) {
        if (creator.split()) {
            return escape(creator.family()) + ", " + escape(creator.given());
        }
        return "{" + escape(creator.name()) + "}";
    }

    private static String[] field(String name, String value) {
        return new String[] {name, value};
    }

    /**
     * Makes text safe inside a braced BibTeX value. Braces become {@code \textbraceleft{}}: BibTeX counts
     * braces even after a backslash, so {@code \{} would unbalance the field.
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\textbackslash{}");
                case '{' -> out.append("\\textbraceleft{}");
                case '}' -> out.append("\\textbraceright{}");
                case '%', '&', '$', '#', '_' -> out.append('\\').append(ch);
                case '~' -> out.append("\\textasciitilde{}");
                case '^' -> out.append("\\textasciicircum{}");
                // A bare " is an active character under babel (German, Dutch, …); braced it is just a quote.
                case '"' -> out.append("{\"}");
                case '\n', '\r', '\t' -> out.append(' ');
                default -> out.append(ch);
            }
        }
        return out.toString().replaceAll(" {2,}", " ");
    }

    /** Lowercase ASCII letters and digits only: accents dropped ("Ångström" → "angstrom"), the rest removed. */
    static String ascii(String text) {
        if (text == null) {
            return "";
        }
        String folded = text.replace("ß", "ss").replace("Æ", "AE").replace("æ", "ae").replace("Ø", "O").replace("ø", "o")
                .replace("Œ", "OE").replace("œ", "oe").replace("Ł", "L").replace("ł", "l").replace("Đ", "D").replace("đ", "d")
                .replace("Þ", "Th").replace("þ", "th");
        folded = Normalizer.normalize(folded, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        return folded.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
