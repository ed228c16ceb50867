package org.stele.api.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * JSON read from requests: a string holding a NUL (U+0000) is refused where it is read, as {@code invalid_json} naming
 * the field. PostgreSQL cannot store that character in text, so it would otherwise fail at commit as a server error.
 * (Nesting deeper than Jackson's default 1000 levels is refused by the parser itself, before anything is built.)
 */
@Singleton
public class JsonInput implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("stele-json-input").addDeserializer(String.class, new NoNul()));
    }

    private static final class NoNul extends StringDeserializer {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = super.deserialize(parser, context);
            if (text != null && text.indexOf('\0') >= 0) {
                throw com.fasterxml.jackson.databind.JsonMappingException.from(parser, "a string holds a NUL character");
            }
            return text;
        }
    }
}
