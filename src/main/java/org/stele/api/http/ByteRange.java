package org.stele.api.http;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;

/** A single byte range of a representation of known size (RFC 9110 §14.1.2), or of a chunk sent with Content-Range. */
public record ByteRange(long first, long last) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final Pattern CHUNK = Pattern.compile("bytes (\\d{1,19})-(\\d{1,19})/(\\*|\\d{1,19})");

    /**
     * The chunk a {@code Content-Range: bytes <first>-<last>/<total or *>} header announces (RFC 9110 §14.4). Every
     * number must fit a long, the range must not be empty or longer than a long counts, and a known total must hold it.
     *
     * @throws ArchiveException 400 {@code invalid_content_range} otherwise
     */
    public static ByteRange chunk(String header) {
        Matcher m = CHUNK.matcher(header.trim());
        if (!m.matches()) {
            throw invalidChunk(header, "expected Content-Range: bytes <start>-<end>/*");
        }
        try {
            long first = Long.parseLong(m.group(1));
            long last = Long.parseLong(m.group(2));
            if (last < first) {
                throw invalidChunk(header, "the range ends before it starts");
            }
            Math.addExact(last - first, 1); // its length must be countable too
            if (!m.group(3).equals("*") && Long.parseLong(m.group(3)) <= last) {
                throw invalidChunk(header, "the range ends past the total length it announces");
            }
            return new ByteRange(first, last);
        } catch (ArithmeticException | NumberFormatException tooLarge) {
            throw invalidChunk(header, "a number in it is too large");
        }
    }

    /**
     * As {@link #chunk(String)}, and the body's declared {@code Content-Length}, when there is one, must be the range's
     * length: checked before any byte is read, so such a chunk touches nothing stored.
     */
    public static ByteRange chunk(String header, String contentLength) {
        ByteRange range = chunk(header);
        if (contentLength != null && !contentLength.trim().equals(Long.toString(range.length()))) {
            throw invalidChunk(header, "it announces " + range.length() + " bytes but Content-Length is " + contentLength.trim());
        }
        return range;
    }

    private static ArchiveException invalidChunk(String header, String why) {
        String shown = header.length() > 100 ? header.substring(0, 100) + "…" : header;
        return new ArchiveException(ErrorCode.INVALID_CONTENT_RANGE, "Content-Range '" + shown + "': " + why);
    }

    public long length() {
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
     * Whether the header asks for one range that ends before it starts ({@code bytes=500-0}): plain HTTP ignores it
     * ({@link #parse}), the OCI conformance suite wants a 416.
     */
    public static boolean inverted(String header) {
        if (header == null) {
            return false;
        }
        Matcher m = SINGLE.matcher(header.trim());
        if (!m.matches() || m.group(1).isEmpty() || m.group(2).isEmpty() || m.group(1).length() > 18 || m.group(2).length() > 18) {
            return false;
        }
        return Long.parseLong(m.group(2)) < Long.parseLong(m.group(1));
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
