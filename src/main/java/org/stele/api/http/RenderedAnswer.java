package org.stele.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An answer rendered to bytes, headers and all, so that it can be kept and sent again as it is. A 200 carries a strong
 * ETag, computed once (a hash of its media type and body, or the content's own tag), and answers a matching
 * {@code If-None-Match} with 304.
 */
public record RenderedAnswer(int status, List<Map.Entry<String, String>> headers, byte[] body, String etag) {
    /** Headers a 304 repeats from the answer it stands for (RFC 9110, 15.4.5). */
    private static final Set<String> KEPT_BY_304 = Set.of("etag", "cache-control", "vary", "content-location", "repr-digest");

    /**
     * Renders a built answer whose entity is a template, a string or an object written as JSON; {@code shared}: the
     * same for every reader (cacheable by shared caches), else for this reader only. Either way a cache asks again each
     * time (no-cache): a record can change, by a withdrawal or a new version.
     */
    public static RenderedAnswer of(Response answer, ObjectMapper json, boolean shared) {
        List<Map.Entry<String, String>> headers = headers(answer);
        byte[] body = body(answer.getEntity(), json);
        String etag = null;
        if (answer.getStatus() == 200) {
            etag = etag(String.valueOf(answer.getMediaType()), body);
            headers.add(Map.entry(HttpHeaders.ETAG, etag));
            headers.add(Map.entry(HttpHeaders.CACHE_CONTROL, shared ? "public, no-cache" : "private, no-cache"));
        }
        return new RenderedAnswer(answer.getStatus(), List.copyOf(headers), body, etag);
    }

    /**
     * Keeps a built answer whose entity is already bytes with its headers as they are, its own ETag and caching headers
     * among them (such as {@link ContentResponses#whole}).
     */
    public static RenderedAnswer of(Response built) {
        return new RenderedAnswer(built.getStatus(), List.copyOf(headers(built)), (byte[]) built.getEntity(),
                built.getStatus() == 200 ? built.getHeaderString(HttpHeaders.ETAG) : null);
    }

    private static List<Map.Entry<String, String>> headers(Response answer) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        answer.getStringHeaders().forEach((name, values) -> values.forEach(value -> headers.add(Map.entry(name, value))));
        return headers;
    }

    private static byte[] body(Object entity, ObjectMapper json) {
        if (entity instanceof TemplateInstance template) {
            return template.render().getBytes(StandardCharsets.UTF_8);
        }
        if (entity instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return json.writeValueAsBytes(entity);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write " + entity.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static String etag(String mediaType, byte[] body) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(mediaType.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
            return "\"" + HexFormat.of().formatHex(sha256.digest(body), 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the answer weighs in memory, roughly. */
    public int weight() {
        return body.length + headers.stream().mapToInt(h -> h.getKey().length() + h.getValue().length() + 32).sum();
    }

    /** The answer, or 304 when {@code ifNoneMatch} (the request's header, may be null) names its ETag. */
    public Response response(String ifNoneMatch) {
        return response(ifNoneMatch, false);
    }

    /** As {@link #response(String)}; {@code head}: without the body, its headers (Content-Length among them) as a GET's. */
    public Response response(String ifNoneMatch, boolean head) {
        if (etag != null && ContentResponses.matches(ifNoneMatch, etag)) {
            Response.ResponseBuilder notModified = Response.notModified();
            headers.stream().filter(h -> KEPT_BY_304.contains(h.getKey().toLowerCase(Locale.ROOT)))
                    .forEach(h -> notModified.header(h.getKey(), h.getValue()));
            return notModified.build();
        }
        Response.ResponseBuilder answer = Response.status(status);
        if (!head) {
            answer.entity(body);
        }
        headers.forEach(h -> answer.header(h.getKey(), h.getValue()));
        return answer.build();
    }
}
