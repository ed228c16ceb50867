package org.stele.api.web;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.stele.archive.discovery.Facets;
import org.stele.archive.discovery.Search;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;
import org.stele.domain.Page;

/**
 * The home page, which is also the search page: the archive's counts, the facets of what the query matches, one page
 * of matches. Every state of the page is a plain URL (query, filters and cursor as parameters), so any view can be
 * shared and opened again with the same results.
 */
@ApplicationScoped
public class SearchPages {
    /** Hits per page. */
    static final int PAGE = 20;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
    private static final Map<String, String> HEADINGS = Map.of("namespace", "Namespace", "license", "Licence",
            "pipelineTag", "Task", "library", "Library", "tag", "Tag", "signed", "Depositor's signature");

    private final Template home;
    private final Search search;
    private final Facets facets;

    SearchPages(@Location("home.html") Template home, Search search, Facets facets) {
        this.home = home;
        this.search = search;
        this.facets = facets;
    }

    /** A line of the results. */
    public record Entry(String title, String repoId, String label, String href, String date, String license) {
    }

    /** One value of a facet: following {@code href} adds it to the filters (or removes it when {@code selected}). */
    public record FacetValue(String facet, String value, String label, long count, String href, boolean selected) {
    }

    /** A facet as the page shows it. */
    public record FacetView(String name, String heading, List<FacetValue> values) {
    }

    /** A filter in force, with the link that drops it. */
    public record Filter(String heading, String label, String removeHref) {
    }

    /** The page for these parameters ({@code q} and the facet names of {@link Facets#NAMES}, {@code cursor}); none means the home page. */
    public TemplateInstance page(Map<String, String> parameters) {
        Map<String, String> params = new LinkedHashMap<>();
        parameters.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                params.put(k, v.strip());
            }
        });
        Boolean signed = params.containsKey("signed") ? signed(params.get("signed")) : null;
        Search.Query query = new Search.Query(params.get("q"), params.get("namespace"), params.get("license"), params.get("tag"),
                params.get("library"), params.get("pipelineTag"), null, null, null, params.get("cursor"), PAGE, signed);
        boolean searching = params.keySet().stream().anyMatch(k -> !k.equals("cursor"));
        Page<Search.Hit> hits = search.find(query);
        Facets.Summary summary = facets.of(query, !searching);
        List<Entry> entries = hits.items().stream().map(h -> new Entry(h.title(), h.namespace() + "/" + h.name(), h.version(),
                "/pid/" + h.pid(), DATE.format(h.publishedAt()), h.license())).toList();
        List<FacetView> views = new ArrayList<>();
        for (String name : Facets.NAMES) {
            List<FacetValue> values = summary.facets().get(name).stream()
                    .map(c -> value(params, name, c)).toList();
            views.add(new FacetView(name, HEADINGS.get(name), values));
        }
        List<Filter> filters = params.keySet().stream().filter(k -> !k.equals("cursor"))
                .map(k -> new Filter(k.equals("q") ? "Text" : HEADINGS.get(k), k.equals("signed") ? signedLabel(params.get(k)) : params.get(k),
                        href(params, k, null)))
                .toList();
        String nextHref = hits.nextCursor() == null ? null : href(params, "cursor", hits.nextCursor());
        String firstHref = params.containsKey("cursor") ? href(params, "cursor", null) : null;
        return home.data("query", params.get("q")).data("searching", searching).data("summary", summary)
                .data("bytes", summary.bytes() == null ? null : LandingPages.humanSize(summary.bytes()))
                .data("facets", views).data("filters", filters).data("entries", entries)
                .data("nextHref", nextHref).data("firstHref", firstHref);
    }

    private static FacetValue value(Map<String, String> params, String name, Facets.Count count) {
        if (count.value() == null) {
            return new FacetValue(name, null, "none given", count.count(), null, false);
        }
        boolean selected = count.value().equalsIgnoreCase(params.getOrDefault(name, ""));
        String label = name.equals("signed") ? signedLabel(count.value()) : count.value();
        return new FacetValue(name, count.value(), label, count.count(), href(params, name, selected ? null : count.value()), selected);
    }

    private static Boolean signed(String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ArchiveException(ErrorCode.INVALID_QUERY, "signed is true or false");
        };
    }

    private static String signedLabel(String value) {
        return "true".equals(value) ? "signed by the depositor" : "not signed";
    }

    /** This page's URL with {@code name} set to {@code value} (removed when null); a new filter starts at the first page. */
    static String href(Map<String, String> params, String name, String value) {
        Map<String, String> next = new LinkedHashMap<>(params);
        if (!name.equals("cursor")) {
            next.remove("cursor");
        }
        if (value == null) {
            next.remove(name);
        } else {
            next.put(name, value);
        }
        return next.isEmpty() ? "/" : next.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&", "/?", ""));
    }
}
