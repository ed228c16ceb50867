package org.stele.api.pid;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stele.archive.citation.CitationFormat;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;

/**
 * Chooses a representation the way doi.org content negotiation does: by {@code ?format=} when given
 * (links and browsers), else by {@code Accept} with quality values; an explicit type we cannot serve is 406.
 */
public final class Negotiation {
    private Negotiation() {
    }

    /** A representation of a record. */
    public sealed interface Choice permits Html, Json, Cite {
    }

    record Html() implements Choice {
    }

    record Json() implements Choice {
    }

    record Cite(CitationFormat format, String style, String locale) implements Choice {
    }

    /**
     * @param htmlByDefault what {@code *}/{@code *} (and no Accept) means: a landing page on the resolver, JSON on the API
     */
    public static Choice choose(String format, String style, String locale, String accept, boolean htmlByDefault) {
        Choice fallback = htmlByDefault ? new Html() : new Json();
        if (format != null && !format.isBlank()) {
            return switch (format) {
                case "html" -> new Html();
                case "json" -> new Json();
                default -> CitationFormat.fromFormatName(format).<Choice>map(f -> new Cite(f, style, locale))
                        .orElseThrow(() -> notAcceptable("unknown format '" + format + "'"));
            };
        }
        if (accept == null || accept.isBlank()) {
            return fallback;
        }
        for (MediaRange range : ranges(accept)) {
            Optional<Choice> choice = switch (range.type) {
                case "text/html", "application/xhtml+xml", "text/*" -> Optional.of(new Html());
                case "application/json", "application/*" -> Optional.of(new Json());
                case "*/*" -> Optional.of(fallback);
                default -> CitationFormat.fromMediaType(range.type)
                        .map(f -> new Cite(f, range.params.getOrDefault("style", style), range.params.getOrDefault("locale", locale)));
            };
            if (choice.isPresent()) {
                return choice.get();
            }
        }
        throw notAcceptable("none of the types in Accept can be served");
    }

    /** Every media type a record can be had in, for 406 answers and documentation. */
    static List<String> supported() {
        List<String> types = new ArrayList<>(List.of("text/html", "application/json"));
        for (CitationFormat f : CitationFormat.values()) {
            types.add(f.mediaType());
        }
        return types;
    }

    private static ArchiveException notAcceptable(String why) {
        return new ArchiveException(ErrorCode.NOT_ACCEPTABLE, why + "; supported: " + String.join(", ", supported()) + " (or ?format=html|json|"
                        + String.join("|", java.util.Arrays.stream(CitationFormat.values()).map(CitationFormat::formatName).toList()) + ")");
    }

    private record MediaRange(String type, Map<String, String> params, double quality, int order) {
    }

    /** The ranges of an Accept header, best first (higher q, then as listed); q=0 ranges are dropped. */
    private static List<MediaRange> ranges(String accept) {
        List<MediaRange> ranges = new ArrayList<>();
        String[] parts = accept.split(",");
        for (int i = 0; i < parts.length; i++) {
            String[] pieces = parts[i].split(";");
            String type = pieces[0].trim().toLowerCase();
            Map<String, String> params = new HashMap<>();
            double quality = 1.0;
            for (int p = 1; p < pieces.length; p++) {
                String[] kv = pieces[p].split("=", 2);
                if (kv.length != 2) {
                    continue;
                }
                String key = kv[0].trim().toLowerCase();
                String value = kv[1].trim().replace("\"", "");
                if (key.equals("q")) {
                    try {
                        quality = Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        quality = 0;
                    }
                } else {
                    params.put(key, value);
                }
            }
            if (!type.isEmpty() && quality > 0) {
                ranges.add(new MediaRange(type, params, quality, i));
            }
        }
        ranges.sort(Comparator.comparingDouble((MediaRange r) -> -r.quality).thenComparingInt(r -> r.order));
        return ranges;
    }
}
