package org.stele.api.http;

import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;

/**
 * Numbers and flags in a request are read strictly, in one place. JAX-RS would answer a query parameter that does not
 * convert with 404 (as if the resource did not exist) and reads any word but "true" as false, so {@code ?dryRun=maybe}
 * would run the real thing; here such a value is 400, {@code invalid_limit} for a limit and {@code invalid_request}
 * for anything else, naming the parameter.
 */
@Provider
public class StrictParams implements ParamConverterProvider {
    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        String name = name(annotations);
        // An absent parameter is null, or what JAX-RS gives a primitive: 0 or false. (RESTEasy Reactive hands the
        // converter of an absent primitive the text "0": declare flags boxed, and numbers with a @DefaultValue.)
        if (rawType == int.class || rawType == Integer.class) {
            return (ParamConverter<T>) new Strict<>(name, value -> Integer.valueOf(value.strip()), "an integer", rawType == int.class ? 0 : null);
        }
        if (rawType == long.class || rawType == Long.class) {
            return (ParamConverter<T>) new Strict<>(name, value -> Long.valueOf(value.strip()), "an integer", rawType == long.class ? 0L : null);
        }
        if (rawType == boolean.class || rawType == Boolean.class) {
            return (ParamConverter<T>) new Strict<>(name, StrictParams::flag, "true or false", rawType == boolean.class ? false : null);
        }
        return null;
    }

    private static Boolean flag(String value) {
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException(value);
        };
    }

    private static String name(Annotation[] annotations) {
        for (Annotation annotation : annotations == null ? new Annotation[0] : annotations) {
            if (annotation instanceof QueryParam query) {
                return query.value();
            }
        }
        return "a parameter";
    }

    private record Strict<T>(String name, java.util.function.Function<String, T> parse, String expected, T absent)
            implements ParamConverter<T> {
        @Override
        public T fromString(String value) {
            if (value == null) {
                return absent;
            }
            try {
                return parse.apply(value);
            } catch (IllegalArgumentException e) { // NumberFormatException included
                String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
                throw new ArchiveException(name.equals("limit") ? ErrorCode.INVALID_LIMIT : ErrorCode.INVALID_REQUEST,
                        name + " must be " + expected + ", not '" + shown + "'");
            }
        }

        @Override
        public String toString(T value) {
            return String.valueOf(value);
        }
    }
}
