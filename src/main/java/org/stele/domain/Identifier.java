package org.stele.domain;

import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * A DOI-like persistent identifier {@code prefix/suffix}, e.g. {@code 10.5072/1f79-e126}.
 *
 * <p>The suffix is eight Crockford base32 characters shown as {@code xxxx-xxxx}: six encode a random
 * 30-bit number {@code n}, the last two are ISO 7064 mod 97-10 check digits
 * {@code 98 - (100 n mod 97)} in decimal. A mistyped suffix is thus refused without a lookup.
 */
public record Identifier(String prefix, String suffix) {
    private static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
    private static final int BODY = 6;
    private static final int BITS = BODY * 5;
    private static final Pattern PREFIX = Pattern.compile("10\\.\\d{4,9}");

    /** Both parts must already be canonical; use {@link #parse} for text from outside. */
    public Identifier {
        validatePrefix(prefix);
        if (suffix == null || !suffix.equals(canonical(suffix))) {
            throw new IllegalArgumentException("not a canonical identifier suffix: " + suffix);
        }
    }

    /** Draws a fresh identifier; uniqueness against existing ones is the caller's concern. */
    public static Identifier mint(String prefix, RandomGenerator random) {
        long n = random.nextLong(1L << BITS);
        return new Identifier(prefix, dashed(encode(n) + checkDigits(n)));
    }

    /**
     * Reads a suffix as a person may type it: any case, with or without dashes, {@code i}/{@code l}
     * for {@code 1} and {@code o} for {@code 0}.
     *
     * @throws ArchiveException 404 {@code invalid_identifier} when it cannot name anything (a prefix that is not a DOI
     *                          prefix included: it names nothing in any archive)
     */
    public static Identifier parse(String prefix, String suffixText) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new ArchiveException(ErrorCode.INVALID_IDENTIFIER, "'" + abbreviate(prefix) + "' is not an identifier prefix: expected "
                    + "a DOI prefix like 10.5072");
        }
        String suffix = canonical(suffixText);
        if (suffix == null) {
            throw new ArchiveException(ErrorCode.INVALID_IDENTIFIER, "'" + abbreviate(suffixText) + "' is not an identifier: expected 8 base32 characters"
                            + " like 1f79-e126 whose last two are valid check digits");
        }
        return new Identifier(prefix, suffix);
    }

    /** The two ISO 7064 mod 97-10 check digits of {@code n}, zero-padded. */
    public static String checkDigits(long n) {
        if (n < 0 || n >= 1L << BITS) {
            throw new IllegalArgumentException("identifier number out of range: " + n);
        }
        return String.format(Locale.ROOT, "%02d", 98 - (100 * n) % 97);
    }

    /** Accepts a DOI prefix such as {@code 10.5072}; a bad one is a configuration error. */
    public static String validatePrefix(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("not a DOI prefix (10.NNNN): " + prefix);
        }
        return prefix;
    }

    @Override
    public String toString() {
        return prefix + "/" + suffix;
    }

    /** The dashed lowercase form of a suffix, or null when it is malformed or fails its check. */
    private static String canonical(String text) {
        if (text == null || text.length() > 32) {
            return null;
        }
        StringBuilder compact = new StringBuilder(8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // ASCII only: lowercasing e.g. the Kelvin sign would otherwise turn it into 'k'.
            if (c > 0x7f) {
                return null;
            }
            if (c != '-') {
                compact.append(forgive(Character.toLowerCase(c)));
            }
        }
        if (compact.length() != BODY + 2) {
            return null;
        }
        long n = 0;
        for (int i = 0; i < BODY; i++) {
            int value = ALPHABET.indexOf(compact.charAt(i));
            if (value < 0) {
                return null;
            }
            n = n * 32 + value;
        }
        char tens = compact.charAt(BODY);
        char units = compact.charAt(BODY + 1);
        if (tens < '0' || tens > '9' || units < '0' || units > '9') {
            return null;
        }
        long check = (tens - '0') * 10 + (units - '0');
        // Same as (100 n + check) mod 97 == 1 for checks 02..98, the only ones minted; also refuses
        // 00, 01 and 99, which pass that test as aliases of 97, 98 and 02 and would give one
        // identifier two spellings.
        return check == 98 - (100 * n) % 97 ? dashed(compact.toString()) : null;
    }

    // Crockford: letters easily misread as digits stand for those digits.
    private static char forgive(char c) {
        return switch (c) {
            case 'i', 'l' -> '1';
            case 'o' -> '0';
            default -> c;
        };
    }

    private static String encode(long n) {
        char[] out = new char[BODY];
        for (int i = BODY - 1; i >= 0; i--) {
            out[i] = ALPHABET.charAt((int) (n & 31));
            n >>>= 5;
        }
        return new String(out);
    }

    private static String dashed(String compact) {
        return compact.substring(0, 4) + "-" + compact.substring(4);
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
