package org.stele.domain.files;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The YAML front matter of a Hugging Face model card ({@code README.md}), read as hostile input: a size
 * limit, no alias bombs, no nesting deeper than {@link #MAX_DEPTH}, no duplicate keys and no custom tags
 * or object construction (plain maps, lists, strings, numbers, booleans only). A card that breaks any of
 * this is still archived; the version lists a warning instead.
 */
public final class ModelCard {
    /** Larger front matter is not read; real cards with a long model-index stay well under it. */
    public static final int MAX_FRONT_MATTER_BYTES = 64 * 1024;
    /** How much of a card file is opened to find its front matter. */
    public static final int MAX_READ_BYTES = MAX_FRONT_MATTER_BYTES + 16;
    static final int MAX_DEPTH = 20;
    static final int MAX_ALIASES = 20;
    /** The Hugging Face keys kept in the record, by their Hub names. */
    public static final Set<String> KEYS = Set.of("license", "license_name", "license_link", "language", "tags",
            "datasets", "base_model", "base_model_relation", "library_name", "pipeline_tag", "metrics", "model-index",
            "model_name", "thumbnail");

    private ModelCard() {
    }

    /** Parses the front matter at the start of {@code head} (the first bytes of the card). */
    public static FileFacts parse(byte[] head, long fileSize) {
        String text = new String(head, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (!text.startsWith("---\n") && !text.startsWith("---\r\n")) {
            return new FileFacts("model-card", null, null, null, null, null, null, null,
                    List.of("model card has no YAML front matter (license, tags, base_model … are not machine-readable)"));
        }
        int start = text.indexOf('\n') + 1;
        int end = closing(text, start);
        if (end < 0) {
            String why = fileSize > head.length ? "is longer than " + MAX_FRONT_MATTER_BYTES + " bytes" : "is not closed by a '---' line";
            return FileFacts.warning("model-card", "model card front matter " + why);
        }
        try {
            Object loaded = yaml().load(text.substring(start, end));
            if (loaded == null) {
                return new FileFacts("model-card", null, null, null, null, null, null, Map.of(), List.of());
            }
            if (!(loaded instanceof Map<?, ?> map)) {
                return FileFacts.warning("model-card", "model card front matter is not a YAML mapping");
            }
            List<String> warnings = new ArrayList<>();
            Map<String, Object> card = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (KEYS.contains(key)) {
                    card.put(key, plain(e.getValue()));
                }
            }
            check(card, warnings);
            return new FileFacts("model-card", null, null, null, null, null, null, card, warnings);
        } catch (YAMLException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            return FileFacts.warning("model-card", "model card front matter is not valid YAML: " + message);
        } catch (StackOverflowError e) {
            return FileFacts.warning("model-card", "model card front matter is nested too deeply");
        }
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_FRONT_MATTER_BYTES);
        options.setProcessComments(false);
        // SafeConstructor builds only standard types; a global tag (!!java…, !custom) is refused.
        return new Yaml(new SafeConstructor(options));
    }

    /** The index of the closing '---' line, searched only within the size limit. */
    private static int closing(String text, int from) {
        int i = from;
        while (i <= text.length() && i <= MAX_FRONT_MATTER_BYTES) {
            int eol = text.indexOf('\n', i);
            String line = (eol < 0 ? text.substring(i) : text.substring(i, eol)).stripTrailing();
            if (line.equals("---") || line.equals("...")) {
                return i;
            }
            if (eol < 0) {
                return -1;
            }
            i = eol + 1;
        }
        return -1;
    }

    /** Values as JSON can hold them: dates and binaries become strings, map keys strings. */
    private static Object plain(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ModelCard::plain).toList();
        }
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        if (value instanceof byte[] || value instanceof Set<?>) {
            return String.valueOf(value);
        }
        if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return d.toString();
        }
        return value;
    }

    /** The shapes the Hub expects; wrong shapes are kept as given but named in a warning. */
    private static void check(Map<String, Object> card, List<String> warnings) {
        for (String key : List.of("license", "library_name", "pipeline_tag")) {
            Object v = card.get(key);
            if (v != null && !(v instanceof String)) {
                warnings.add("model card '" + key + "' should be a string");
            }
        }
        for (String key : List.of("language", "tags", "datasets", "base_model", "metrics")) {
            Object v = card.get(key);
            if (v != null && !(v instanceof String) && !(v instanceof List<?> l && l.stream().allMatch(String.class::isInstance))) {
                warnings.add("model card '" + key + "' should be a string or a list of strings");
            }
        }
        Object index = card.get("model-index");
        if (index != null && !(index instanceof List<?>)) {
            warnings.add("model card 'model-index' should be a list");
        }
    }

    /** A card value that may be a string or a list of strings, as a list (other shapes: empty). */
    public static List<String> strings(Object value) {
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof List<?> list) {
            return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }
}
