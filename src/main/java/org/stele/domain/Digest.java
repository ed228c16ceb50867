package org.stele.domain;

import java.util.Base64;
import java.util.HexFormat;

/** A SHA-256 content digest, written {@code sha256:<64 lowercase hex>}. */
public record Digest(String hex) {
    private static final String PREFIX = "sha256:";

    public Digest {
        if (!isHex(hex)) {
            throw new IllegalArgumentException("not a SHA-256 hex digest");
        }
    }

    /** Parses {@code sha256:<hex>}; anything else is a client error. */
    public static Digest parse(String text) {
        if (text == null || !text.startsWith(PREFIX) || !isHex(text.substring(PREFIX.length()))) {
            throw new InvalidDigestException(text);
        }
        return new Digest(text.substring(PREFIX.length()));
    }

    /** 64 lowercase hex digits (checked by hand: this runs on every request by hash). */
    private static boolean isHex(String hex) {
        if (hex == null || hex.length() != 64) {
            return false;
        }
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    public static Digest of(byte[] sha256) {
        return new Digest(HexFormat.of().formatHex(sha256));
    }

    /** The SHA-256 of {@code content}, for bytes already in memory (streams hash through Sha256InputStream). */
    public static Digest ofContent(byte[] content) {
        try {
            return of(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** RFC 9530 {@code Repr-Digest} value: {@code sha-256=:<base64>:}. */
    public String reprDigest() {
        return "sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)) + ":";
    }

    @Override
    public String toString() {
        return PREFIX + hex;
    }
}
