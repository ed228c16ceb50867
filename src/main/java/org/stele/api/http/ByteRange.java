package org.stele.api.http;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A single byte range of a representation of known size (RFC 9110 §14.1.2). */
record ByteRange(long first, long last) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    long length() {
        return last - first + 1;
    }

    String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /** Thrown when the range asks only for bytes past the end: 416. */
    static final class Unsatisfiable extends RuntimeException {
        Unsatisfiable() {
            super(null, null, false, false);
        }
    }

    /**
     * The range the header asks for; empty when the whole representation should be sent (no header, or
     * one we do not serve as a range, such as several ranges, which a server may ignore).
     */
    static Optional<ByteRange> parse(String header, long size) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        try {
            if (m.group(1).isEmpty()) { // suffix: the last n bytes
                long n = Long.parseLong(m.group(2));
                if (n == 0 || size == 0) {
                    throw new Unsatisfiable();
                }
                return Optional.of(new ByteRange(Math.max(0, size - n), size - 1));
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? size - 1 : Long.parseLong(m.group(2));
            if (!m.group(2).isEmpty() && last < first) {
                return Optional.empty(); // syntactically invalid: ignore the header
            }
            if (first >= size) {
                throw new Unsatisfiable();
            }
            return Optional.of(new ByteRange(first, Math.min(last, size - 1)));
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }
}
