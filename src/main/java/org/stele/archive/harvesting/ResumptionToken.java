package org.stele.archive.harvesting;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A stateless resumption token: the original selection and the position after the last record handed out, so any
 * replica can answer it, after a restart too, and the same token always gives the same page (as far as the records
 * have not changed meanwhile). Base64url of a versioned text line with a checksum; a token that does not decode to
 * exactly such a line (truncated, altered, or from elsewhere) is refused. The checksum is no secret: a forged token
 * could only ask for records any harvester may list.
 *
 * @param verb        the verb it continues (ListRecords or ListIdentifiers)
 * @param afterStamp the datestamp of the last record handed out (to the microsecond)
 * @param afterId    the catalog id of that record, which orders records of equal datestamps
 * @param cursor     how many records the list has handed out before the page this token asks for
 */
public record ResumptionToken(String verb, Selection selection, Instant afterStamp, long afterId, long cursor) {
    private static final String VERSION = "s1";
    private static final int MAX_LENGTH = 2048;
    private static final List<String> VERBS = List.of("ListRecords", "ListIdentifiers");

    public String encode() {
        String line = String.join("|", VERSION, verb, selection.format().prefix(), orEmpty(selection.set()),
                micros(selection.from()), micros(selection.until()), micros(afterStamp), Long.toString(afterId),
                Long.toString(cursor));
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((line + "|" + checksum(line)).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The token a harvester sent back.
     *
     * @throws IllegalArgumentException for anything that is not a token this archive issued for {@code verb}
     */
    public static ResumptionToken decode(String token, String verb) {
        try {
            return decodeChecked(token, verb);
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException("bad time in the resumption token", e);
        }
    }

    private static ResumptionToken decodeChecked(String token, String verb) {
        if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("not a resumption token of this repository");
        }
        String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        String[] parts = text.split("\\|", -1);
        if (parts.length != 10 || !VERSION.equals(parts[0])) {
            throw new IllegalArgumentException("not a resumption token of this repository");
        }
        String line = String.join("|", Arrays.copyOf(parts, 9));
        if (!checksum(line).equals(parts[9])) {
            throw new IllegalArgumentException("the resumption token was altered or truncated");
        }
        if (!parts[1].equals(verb) || !VERBS.contains(verb)) {
            throw new IllegalArgumentException("the resumption token continues " + parts[1] + ", not " + verb);
        }
        MetadataFormat format = MetadataFormat.of(parts[2])
                .orElseThrow(() -> new IllegalArgumentException("unknown format in the resumption token"));
        String set = parts[3].isEmpty() ? null : parts[3];
        if (set != null && !HarvestSet.wellFormed(set)) {
            throw new IllegalArgumentException("bad set in the resumption token");
        }
        long afterId = Long.parseLong(parts[7]);
        long cursor = Long.parseLong(parts[8]);
        Instant after = instant(parts[6]);
        if (afterId < 0 || cursor <= 0 || after == null) {
            throw new IllegalArgumentException("bad position in the resumption token");
        }
        return new ResumptionToken(parts[1], new Selection(format, set, instant(parts[4]), instant(parts[5])), after, afterId,
                cursor);
    }

    private static String micros(Instant instant) {
        return instant == null ? "" : Long.toString(instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000);
    }

    private static Instant instant(String micros) {
        if (micros.isEmpty()) {
            return null;
        }
        long value = Long.parseLong(micros);
        return Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000), Math.floorMod(value, 1_000_000) * 1000L);
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    private static String checksum(String line) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("stele-oai|" + line).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
