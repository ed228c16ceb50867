package org.stele.api.hf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.stele.archive.reading.HubRevisions;
import org.stele.domain.Description;

/**
 * A version's model card as the Hub shows it: {@code cardData} is the card's front matter (the license falling back
 * to the version's), {@code pipeline_tag} and {@code library_name} come from it, and {@code tags} are the card's tags
 * and the version's keywords plus the ones the Hub derives (library, license, base model, datasets, languages).
 */
record HubCard(Map<String, Object> data, List<String> tags, String pipelineTag, String libraryName) {

    static HubCard of(HubRevisions.Snapshot snapshot) {
        Description description = snapshot.description();
        Map<String, Object> data = new LinkedHashMap<>(snapshot.card());
        String license = text(data.get("license"));
        if (license == null && description.license() != null) {
            license = description.license().toLowerCase(Locale.ROOT);
            data.put("license", license);
        }
        String library = text(data.get("library_name"));
        String pipeline = text(data.get("pipeline_tag"));
        Set<String> tags = new LinkedHashSet<>();
        if (library != null) {
            tags.add(library);
        }
        tags.addAll(texts(data.get("tags")));
        if (description.keywords() != null) {
            tags.addAll(description.keywords());
        }
        if (pipeline != null) {
            tags.add(pipeline);
        }
        texts(data.get("language")).forEach(tags::add);
        texts(data.get("base_model")).forEach(b -> tags.add("base_model:" + b));
        texts(data.get("datasets")).forEach(d -> tags.add("dataset:" + d));
        if (license != null) {
            tags.add("license:" + license);
        }
        return new HubCard(data.isEmpty() ? null : data, List.copyOf(tags), pipeline, library);
    }

    /** The card's tags with the derived ones: what {@code filter} matches. */
    boolean tagged(String tag) {
        return tags.stream().anyMatch(t -> t.equalsIgnoreCase(tag));
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isBlank() ? s : null;
    }

    /** A YAML value that may be one string or a list of them. */
    private static List<String> texts(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String s && !s.isBlank()) {
            out.add(s);
        } else if (value instanceof List<?> list) {
            list.stream().map(HubCard::text).filter(java.util.Objects::nonNull).forEach(out::add);
        }
        return out;
    }
}
