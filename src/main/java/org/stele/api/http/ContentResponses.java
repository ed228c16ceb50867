package org.stele.api.http;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;
import org.jboss.resteasy.reactive.PathPart;
import org.stele.archive.reading.BlobReads;
import org.stele.domain.ArchiveException;
import org.stele.domain.Digest;
import org.stele.domain.ErrorCode;

/**
 * Answers GET and HEAD for stored content the same way everywhere (blobs, version files, the Hugging Face
 * surface): strong ETag, Repr-Digest, single ranges, conditional requests.
 */
public final class ContentResponses {
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    /** Content up to this size is read whole before answering. */
    private static final long READ_WHOLE = 256 << 10;

    private ContentResponses() {
    }

    /** Opens the bytes to send; called only when a body is sent. */
    public interface Opener {
        InputStream open(long offset, long length) throws IOException;
    }

    /** A bag (BagIt zip), streamed as a download named by its file name. */
    public static Response bag(org.stele.archive.export.Bags.Bag bag) {
        return Response.ok((jakarta.ws.rs.core.StreamingOutput) bag.body()::writeTo, org.stele.archive.export.Bags.MEDIA_TYPE)
                .header("Content-Disposition", "attachment; filename=\"" + bag.fileName() + "\"")
                .build();
    }

    /** Content named by its digest, ETag {@code "sha256:<hex>"}, cacheable forever. */
    public static Response answer(boolean head, Digest digest, long size, String mediaType, HttpHeaders request, Opener opener)
            throws IOException {
        return answer(head, "\"" + digest + "\"", digest, size, mediaType, request, opener)
                .header(HttpHeaders.CACHE_CONTROL, IMMUTABLE).build();
    }

    /**
     * The answer for content whose entity tag the caller chooses ({@code etag}, quoted), left open so the caller
     * adds its own headers (caching among them). An unsatisfiable range is a 416 {@link ArchiveException}
     * carrying {@code Content-Range: bytes *}{@code /<size>}.
     */
    public static Response.ResponseBuilder answer(boolean head, String etag, Digest digest, long size, String mediaType,
            HttpHeaders request, Opener opener) throws IOException {
        if (matches(request.getHeaderString(HttpHeaders.IF_NONE_MATCH), etag)) {
            return Response.notModified().header(HttpHeaders.ETAG, etag).header("Repr-Digest", digest.reprDigest());
        }
        Optional<ByteRange> range;
        try {
            String ifRange = request.getHeaderString("If-Range");
            range = ifRange == null || ifRange.trim().equals(etag)
                    ? ByteRange.parse(request.getHeaderString("Range"), size) : Optional.empty();
        } catch (ByteRange.Unsatisfiable e) {
            throw new ArchiveException(ErrorCode.RANGE_NOT_SATISFIABLE, "the content is " + size + " bytes long", java.util.Map.of("contentRange", "bytes */" + size));
        }
        long offset = range.map(ByteRange::first).orElse(0L);
        long length = range.map(ByteRange::length).orElse(size);
        Response.ResponseBuilder answer = Response.status(range.isPresent() ? 206 : 200)
                .header(HttpHeaders.ETAG, etag)
                .header("Repr-Digest", digest.reprDigest())
                .header("Accept-Ranges", "bytes")
                .header(HttpHeaders.CONTENT_LENGTH, length)
                .type(mediaType);
        range.ifPresent(r -> answer.header("Content-Range", r.contentRange(size)));
        if (!head) {
            answer.entity(length == 0 ? InputStream.nullInputStream() : body(opener.open(offset, length), length));
        }
        return answer;
    }

    /**
     * Bytes no one needs to watch go out by sendfile. Small content is read (and so verified) whole before the answer
     * starts, so damage found gets a proper 500 answer; larger content streams, cut off should it prove damaged.
     */
    private static Object body(InputStream content, long length) throws IOException {
        var region = BlobReads.localRegion(content);
        if (region.isPresent()) {
            return new PathPart(region.get().file(), region.get().offset(), region.get().length());
        }
        if (length <= READ_WHOLE) {
            try (content) {
                return content.readAllBytes();
            }
        }
        return new HashedBody(content, length);
    }

    /** Whether an If-None-Match header (may be null) names {@code etag} (quoted), weakly compared, or is {@code *}. */
    public static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        return Arrays.stream(ifNoneMatch.split(","))
                .map(String::trim)
                .map(t -> t.startsWith("W/") ? t.substring(2) : t)
                .anyMatch(t -> t.equals("*") || t.equals(etag));
    }
}
