package org.stele.api.oai;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments of one OAI-PMH request, read from a query string or an {@code application/x-www-form-urlencoded}
 * body by hand, so that a repeated argument is seen as repeated and a malformed escape is an OAI error rather than
 * the framework's 400.
 *
 * @param values    every argument with all its values, in request order
 * @param malformed why the text could not be read as arguments, or null
 */
record OaiArguments(Map<String, List<String>> values, String malformed) {
    static OaiArguments parse(String encoded) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return new OaiArguments(values, null);
        }
        for (String pair : encoded.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = decode(eq < 0 ? "" : pair.substring(eq + 1));
            if (name == null || value == null) {
                return new OaiArguments(Map.of(), "the arguments are not correctly URL-encoded UTF-8");
            }
            values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return new OaiArguments(values, null);
    }

    static OaiArguments malformed(String why) {
        return new OaiArguments(Map.of(), why);
    }

    /** The single value of {@code name}, or null when absent (repetition is checked before anyone asks). */
    String get(String name) {
        List<String> all = values.get(name);
        return all == null ? null : all.get(0);
    }

    /** Percent-decoding that refuses bad escapes and bytes that are not UTF-8 (null) instead of guessing. */
    private static String decode(String text) {
        byte[] bytes = new byte[text.length() * 3];
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '+') {
                bytes[n++] = ' ';
            } else if (c == '%') {
                if (i + 2 >= text.length()) {
                    return null;
                }
                int hi = Character.digit(text.charAt(i + 1), 16);
                int lo = Character.digit(text.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes[n++] = (byte) (hi * 16 + lo);
                i += 2;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isSurrogate(c)) {
                    return null;
                }
                for (byte b : utf8) {
                    bytes[n++] = b;
                }
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, n)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
