package org.stele.domain;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * The path of a file inside a model version: relative, {@code /}-separated, Unicode NFC,
 * case-sensitive and at most 1024 UTF-8 bytes. Paths are compared byte for byte, so NFC makes
 * {@code é} typed two ways name the same file.
 */
public final class FilePath {
    /** Limit in UTF-8 bytes of the normalised path. */
    public static final int MAX_BYTES = 1024;

    private FilePath() {
    }

    /**
     * Returns the NFC form of {@code raw} if it is an acceptable file path.
     *
     * @throws ArchiveException 400 {@code invalid_path} otherwise
     */
    public static String normalize(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw invalid("the path is empty");
        }
        String path = Normalizer.normalize(raw, Normalizer.Form.NFC);
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= 0x1f || (c >= 0x7f && c <= 0x9f)) {
                throw invalid("the path contains a control character (U+%04X)".formatted((int) c));
            }
            if (c == '\\') {
                throw invalid("the path contains a backslash; separate segments with '/'");
            }
            // A lone surrogate has no UTF-8 form; storing it would silently change the name.
            if (Character.isHighSurrogate(c) && i + 1 < path.length() && Character.isLowSurrogate(path.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw invalid("the path contains an unpaired surrogate");
            }
        }
        if (path.startsWith("/")) {
            throw invalid("the path must be relative, without a leading '/'");
        }
        if (path.endsWith("/")) {
            throw invalid("the path must name a file, without a trailing '/'");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw invalid("the path has an empty, '.' or '..' segment");
            }
        }
        int bytes = path.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw invalid("the path is " + bytes + " bytes in UTF-8; at most " + MAX_BYTES + " are allowed");
        }
        return path;
    }

    private static ArchiveException invalid(String detail) {
        return new ArchiveException(ErrorCode.INVALID_PATH, detail);
    }
}
