package org.stele.domain;

import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A SHA-256 content digest, written {@code sha256:<64 lowercase hex>}. */
public record Digest(String hex) {
    private static final Pattern FORM = Pattern.compile("sha256:[0-9a-f]{64}");

    public Digest {
        if (hex == null || !hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256 hex digest");
        }
    }

    /** Parses {@code sha256:<hex>}; anything else is a client error. */
    public static Digest parse(String text) {
        if (text == null || !FORM.matcher(text).matches()) {
            throw new InvalidDigestException(text);
        }
        return new Digest(text.substring("sha256:".length()));
    }

    public static Digest of(byte[] sha256) {
        return new Digest(HexFormat.of().formatHex(sha256));
    }

    /** RFC 9530 {@code Repr-Digest} value: {@code sha-256=:<base64>:}. */
    public String reprDigest() {
        return "sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)) + ":";
    }

    /** Storage key of the content: {@code blobs/sha256/ab/cd/abcd…}. */
    public String storageKey() {
        return "blobs/sha256/" + hex.substring(0, 2) + "/" + hex.substring(2, 4) + "/" + hex;
    }

    @Override
    public String toString() {
        return "sha256:" + hex;
    }
}
