package org.stele.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An answer rendered to bytes, headers and all, so that it can be kept and sent again as it is. */
public record RenderedAnswer(int status, List<Map.Entry<String, String>> headers, byte[] body) {
    /** Renders a built answer whose entity is a template, a string or an object written as JSON. */
    public static RenderedAnswer of(Response answer, ObjectMapper json) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        answer.getStringHeaders().forEach((name, values) -> values.forEach(value -> headers.add(Map.entry(name, value))));
        return new RenderedAnswer(answer.getStatus(), List.copyOf(headers), body(answer.getEntity(), json));
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

    /** What the answer weighs in memory, roughly. */
    public int weight() {
        return body.length + headers.stream().mapToInt(h -> h.getKey().length() + h.getValue().length() + 32).sum();
    }

    public Response response() {
        Response.ResponseBuilder answer = Response.status(status).entity(body);
        headers.forEach(h -> answer.header(h.getKey(), h.getValue()));
        return answer.build();
    }
}
