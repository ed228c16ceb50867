package org.stele.archive.citation;

import de.undercouch.citeproc.CSL;
import de.undercouch.citeproc.DefaultAbbreviationProvider;
import de.undercouch.citeproc.ListItemDataProvider;
import de.undercouch.citeproc.LocaleProvider;
import de.undercouch.citeproc.csl.CSLItemData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;

/**
 * A formatted reference, one line of plain text ({@code text/x-bibliography}), produced by citeproc-java from
 * the official CSL styles and locales, fed the same item as {@link CslJson}. The style decides what is shown:
 * Chicago title-cases titles and IEEE omits the version, as they would for any other work.
 */
final class FormattedCitation {
    static final String DEFAULT_STYLE = "apa";
    static final String DEFAULT_LOCALE = "en-US";

    /** Our style names and the CSL style each stands for. */
    private static final Map<String, String> STYLES = new LinkedHashMap<>();

    static {
        STYLES.put("apa", "apa");
        STYLES.put("ieee", "ieee");
        STYLES.put("harvard", "harvard-cite-them-right");
        STYLES.put("chicago-author-date", "chicago-author-date");
    }

    /** A BCP 47 tag as CSL names its locales (en-US, fr, sr-Latn-RS); anything else never reaches the classpath. */
    private static final Pattern LOCALE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}");
    private static final Pattern IEEE_LABEL = Pattern.compile("^\\[\\d+]\\s*");
    private static final Map<String, String> STYLE_XML = new ConcurrentHashMap<>();
    private static final Locales LOCALES = new Locales();

    private FormattedCitation() {
    }

    static List<String> styles() {
        return List.copyOf(STYLES.keySet());
    }

    /**
     * @param style  one of {@link #styles()} (case-insensitive, CSL id {@code harvard-cite-them-right} too); null for apa
     * @param locale a CSL locale such as {@code en-GB} or {@code de}; null, malformed or unknown falls back to en-US
     * @throws ArchiveException 406 {@code unsupported_style} for any other style
     */
    static String render(Citable c, String style, String locale) {
        String styleXml = styleXml(cslStyle(style));
        Map<String, Object> json = new HashMap<>(CslJson.item(c));
        // Not part of a reference; a style that prints "note" would otherwise show the digest.
        json.keySet().removeAll(List.of("note", "abstract", "keyword"));
        CSLItemData item = CSLItemData.fromJson(json);
        String text;
        try {
            text = format(item, styleXml, language(locale));
        } catch (IllegalArgumentException unknownLocale) {
            // citeproc-java refuses locales it has no file for; doi.org answers those in en-US too.
            text = format(item, styleXml, DEFAULT_LOCALE);
        }
        text = IEEE_LABEL.matcher(text.replaceAll("\\s+", " ").strip()).replaceFirst("");
        return c.withdrawn() ? text + " [" + c.withdrawalNote() + "]" : text;
    }

    private static String format(CSLItemData item, String styleXml, String language) {
        try {
            CSL csl = new CSL(new ListItemDataProvider(item), LOCALES, new DefaultAbbreviationProvider(), styleXml, language);
            csl.setOutputFormat("text");
            csl.registerCitationItems(item.getId());
            return csl.makeBibliography().makeString();
        } catch (IOException e) {
            throw new UncheckedIOException("could not format a citation of " + item.getId(), e);
        }
    }

    private static String cslStyle(String style) {
        String name = style == null || style.isBlank() ? DEFAULT_STYLE : style.strip().toLowerCase(Locale.ROOT);
        String id = STYLES.get(name);
        if (id == null && STYLES.containsValue(name)) {
            id = name;
        }
        if (id == null) {
            throw new ArchiveException(ErrorCode.UNSUPPORTED_STYLE, "supported styles: " + String.join(", ", STYLES.keySet()));
        }
        return id;
    }

    private static String styleXml(String id) {
        return STYLE_XML.computeIfAbsent(id, k -> read("/" + k + ".csl"));
    }

    private static String language(String locale) {
        if (locale == null || !LOCALE.matcher(locale.strip()).matches()) {
            return DEFAULT_LOCALE;
        }
        // CSL locale files are named like en-US: language lower case, region upper case, script title case.
        String[] parts = locale.strip().split("-");
        StringBuilder tag = new StringBuilder(parts[0].toLowerCase(Locale.ROOT));
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            tag.append('-').append(p.length() == 4
                    ? p.substring(0, 1).toUpperCase(Locale.ROOT) + p.substring(1).toLowerCase(Locale.ROOT)
                    : p.toUpperCase(Locale.ROOT));
        }
        return tag.toString();
    }

    private static String read(String resource) {
        try (InputStream in = FormattedCitation.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException(resource + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CSL locale files from org.citationstyles:locales, read once each; safe to share between threads. */
    private static final class Locales implements LocaleProvider {
        private final Map<String, String> files = new ConcurrentHashMap<>();

        @Override
        public String retrieveLocale(String lang) {
            return files.computeIfAbsent(lang, l -> read("/locales-" + l + ".xml"));
        }
    }
}
