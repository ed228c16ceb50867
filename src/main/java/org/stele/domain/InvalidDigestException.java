package org.stele.domain;

/** A digest that is not {@code sha256:} followed by 64 lowercase hex digits. */
public class InvalidDigestException extends ArchiveException {
    public InvalidDigestException(String given) {
        super(ErrorCode.INVALID_DIGEST,
                "expected sha256:<64 lowercase hex digits>, got " + (given == null ? "nothing" : "'" + abbreviate(given) + "'"));
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
