package org.stele.api;

import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;
import org.stele.domain.ArchiveException;
import org.stele.domain.Digest;

/**
 * Answers GET and HEAD for stored content the same way everywhere (blobs now, version files later):
 * strong ETag, Repr-Digest, single ranges, conditional requests.
 */
final class ContentResponses {
    private ContentResponses() {
    }

    /** Opens the bytes to send; called only when a body is sent. */
    interface Opener {
        InputStream open(long offset, long length) throws IOException;
    }

    static Response answer(boolean head, Digest digest, long size, String mediaType, HttpHeaders request, Opener opener)
            throws IOException {
        String etag = "\"" + digest + "\"";
        if (matches(request.getHeaderString(HttpHeaders.IF_NONE_MATCH), etag)) {
            return Response.notModified(new EntityTag(digest.toString())).header("Repr-Digest", digest.reprDigest()).build();
        }
        Optional<ByteRange> range;
        try {
            String ifRange = request.getHeaderString("If-Range");
            range = ifRange == null || ifRange.trim().equals(etag)
                    ? ByteRange.parse(request.getHeaderString("Range"), size) : Optional.empty();
        } catch (ByteRange.Unsatisfiable e) {
            throw new ArchiveException(416, "range_not_satisfiable", "Range not satisfiable",
                    "the content is " + size + " bytes long", java.util.Map.of("Content-Range", "bytes */" + size));
        }
        long offset = range.map(ByteRange::first).orElse(0L);
        long length = range.map(ByteRange::length).orElse(size);
        Response.ResponseBuilder answer = Response.status(range.isPresent() ? 206 : 200)
                .header(HttpHeaders.ETAG, etag)
                .header("Repr-Digest", digest.reprDigest())
                .header("Accept-Ranges", "bytes")
                .header(HttpHeaders.CACHE_CONTROL, "public, max-age=31536000, immutable")
                .header(HttpHeaders.CONTENT_LENGTH, length)
                .type(mediaType);
        range.ifPresent(r -> answer.header("Content-Range", r.contentRange(size)));
        if (!head) {
            answer.entity(length == 0 ? InputStream.nullInputStream() : opener.open(offset, length));
        }
        return answer.build();
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        return Arrays.stream(ifNoneMatch.split(","))
                .map(String::trim)
                .map(t -> t.startsWith("W/") ? t.substring(2) : t)
                .anyMatch(t -> t.equals("*") || t.equals(etag));
    }
}
