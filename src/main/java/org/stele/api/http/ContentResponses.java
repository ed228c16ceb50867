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
 * surface): strong ETag, Repr-Digest, single ranges, conditional requests, and a 307 to where the client may fetch the
 * bytes itself when the opener names such a place ({@link PresignedDownloads}).
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

        /** Where the client may GET the same bytes (a Range of them too) without this service; empty to send them. */
        default Optional<java.net.URI> elsewhere() throws IOException {
            return Optional.empty();
        }
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
        return answer(head, tag(digest), digest, size, mediaType, IMMUTABLE, request, opener).build();
    }

    /**
     * The answer {@link #answer(boolean, Digest, long, String, HttpHeaders, Opener)} gives a plain GET (no condition,
     * no range) of content held whole in memory: for an answer kept and sent again as it is ({@link RenderedAnswer#of(Response)}).
     */
    public static Response whole(Digest digest, String mediaType, byte[] bytes) {
        return represented(200, tag(digest), digest, bytes.length, mediaType, IMMUTABLE).entity(bytes).build();
    }

    private static String tag(Digest digest) {
        return "\"" + digest + "\"";
    }

    /**
     * The answer for content whose entity tag the caller chooses ({@code etag}, quoted) and how long caches may keep it
     * ({@code cacheControl}), left open so the caller adds its own headers. An unsatisfiable range is a 416
     * {@link ArchiveException} carrying {@code Content-Range: bytes *}{@code /<size>}.
     * <p>
     * A GET the opener can send elsewhere is a 307 to there, with the ETag and Repr-Digest the client checks the bytes
     * against, and kept by no cache (the link expires). A HEAD, and a request with If-Range (storage's entity tags are
     * not ours), are answered here.
     */
    public static Response.ResponseBuilder answer(boolean head, String etag, Digest digest, long size, String mediaType,
            String cacheControl, HttpHeaders request, Opener opener) throws IOException {
        if (matches(request.getHeaderString(HttpHeaders.IF_NONE_MATCH), etag)) {
            return Response.notModified().header(HttpHeaders.ETAG, etag).header("Repr-Digest", digest.reprDigest())
                    .header(HttpHeaders.CACHE_CONTROL, cacheControl);
        }
        Optional<ByteRange> range;
        try {
            String ifRange = request.getHeaderString("If-Range");
            range = ifRange == null || ifRange.trim().equals(etag)
                    ? ByteRange.parse(request.getHeaderString("Range"), size) : Optional.empty();
        } catch (ByteRange.Unsatisfiable e) {
            throw new ArchiveException(ErrorCode.RANGE_NOT_SATISFIABLE, "the content is " + size + " bytes long", java.util.Map.of("contentRange", "bytes */" + size));
        }
        Optional<java.net.URI> elsewhere = head || request.getHeaderString("If-Range") != null ? Optional.empty()
                : opener.elsewhere();
        if (elsewhere.isPresent()) {
            return Response.temporaryRedirect(elsewhere.get())
                    .header(HttpHeaders.ETAG, etag)
                    .header("Repr-Digest", digest.reprDigest())
                    .header(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        long offset = range.map(ByteRange::first).orElse(0L);
        long length = range.map(ByteRange::length).orElse(size);
        Response.ResponseBuilder answer = represented(range.isPresent() ? 206 : 200, etag, digest, length, mediaType, cacheControl);
        range.ifPresent(r -> answer.header("Content-Range", r.contentRange(size)));
        if (!head) {
            answer.entity(length == 0 ? InputStream.nullInputStream() : body(opener.open(offset, length), length));
        }
        return answer;
    }

    /** The headers every answer carrying the content (or part of it) has. */
    private static Response.ResponseBuilder represented(int status, String etag, Digest digest, long length, String mediaType,
            String cacheControl) {
        return Response.status(status)
                .header(HttpHeaders.ETAG, etag)
                .header("Repr-Digest", digest.reprDigest())
                .header(HttpHeaders.CACHE_CONTROL, cacheControl)
                .header("Accept-Ranges", "bytes")
                .header(HttpHeaders.CONTENT_LENGTH, length)
                .type(mediaType);
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
