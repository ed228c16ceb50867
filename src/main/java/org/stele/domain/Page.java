package org.stele.domain;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** One page of a list, the shape every list in the API uses; {@code nextCursor} is null on the last page. */
public record Page<T>(List<T> items, String nextCursor) {

    /** An opaque cursor for keyset pagination by id; {@code kind} tells one list's cursors from another's. */
    public static String idCursor(char kind, long id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((kind + Long.toString(id)).getBytes(StandardCharsets.UTF_8));
    }

    /** The id in a cursor of {@link #idCursor}, or 400 {@code invalid_cursor}. */
    public static long idFromCursor(char kind, String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.isEmpty() || text.charAt(0) != kind) {
                throw new IllegalArgumentException();
            }
            return Long.parseLong(text.substring(1));
        } catch (IllegalArgumentException e) {
            throw new ArchiveException(ErrorCode.INVALID_CURSOR, "the cursor is not one this API gave out");
        }
    }
}
