package org.stele.archive.citation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the JSON formats are written: from ordered maps, pretty-printed, with absent (null) and empty values
 * left out, so a renderer can put every field it knows and let missing ones drop.
 */
final class Json {
    /** Leave out nulls, empty strings and empty lists, in objects and in map values alike. */
    static final JsonInclude.Value PRESENT_ONLY =
            JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, JsonInclude.Include.NON_EMPTY);
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setDefaultPropertyInclusion(PRESENT_ONLY)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    static String write(Object document) {
        try {
            return MAPPER.writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings and lists always serialise", e);
        }
    }

    /** A fresh ordered map, for documents whose key order should read well. */
    static Map<String, Object> object() {
        return new LinkedHashMap<>();
    }

    static Map<String, Object> object(String key, Object value) {
        Map<String, Object> map = object();
        map.put(key, value);
        return map;
    }
}
