package org.stele.domain;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An ORCID iD of a person, kept in its canonical URI form. */
public final class Orcid {
    private static final String BASE = "https://orcid.org/";
    private static final Pattern FORM =
            Pattern.compile("(?:https://orcid\\.org/)?(\\d{4})-(\\d{4})-(\\d{4})-(\\d{3}[\\dXx])");

    private Orcid() {
    }

    /**
     * Accepts {@code 0000-0002-1825-0097} or {@code https://orcid.org/0000-0002-1825-0097} with a
     * correct ISO 7064 11-2 check character, and returns the URI form.
     *
     * @throws ArchiveException 400 {@code invalid_orcid} otherwise
     */
    public static String check(String value) {
        Matcher m = value == null ? null : FORM.matcher(value);
        if (m == null || !m.matches()) {
            throw invalid("'" + value + "' is not an ORCID iD like 0000-0002-1825-0097");
        }
        String digits = (m.group(1) + m.group(2) + m.group(3) + m.group(4)).toUpperCase(Locale.ROOT);
        if (digits.charAt(15) != checkCharacter(digits.substring(0, 15))) {
            throw invalid("'" + value + "' has a wrong check character; it may be mistyped");
        }
        return BASE + digits.substring(0, 4) + "-" + digits.substring(4, 8) + "-" + digits.substring(8, 12)
                + "-" + digits.substring(12);
    }

    // ISO 7064 MOD 11-2, as documented by ORCID.
    private static char checkCharacter(String base) {
        int total = 0;
        for (int i = 0; i < base.length(); i++) {
            total = (total + base.charAt(i) - '0') * 2;
        }
        int result = (12 - total % 11) % 11;
        return result == 10 ? 'X' : (char) ('0' + result);
    }

    private static ArchiveException invalid(String detail) {
        return new ArchiveException(ErrorCode.INVALID_ORCID, detail);
    }
}
