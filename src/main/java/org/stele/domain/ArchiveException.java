package org.stele.domain;

import java.util.Map;

/**
 * Every refusal the archive gives a client: an HTTP status, a stable machine-readable {@code code},
 * a short title and a detail. Mapped in one place to RFC 9457 problem+json.
 */
public class ArchiveException extends RuntimeException {
    private final int status;
    private final String code;
    private final String title;
    private final Map<String, String> headers;

    public ArchiveException(int status, String code, String title, String detail) {
        this(status, code, title, detail, Map.of());
    }

    public ArchiveException(int status, String code, String title, String detail, Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.code = code;
        this.title = title;
        this.headers = headers;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    /** Extra response headers the answer needs, e.g. {@code Upload-Offset} on a 416. */
    public Map<String, String> headers() {
        return headers;
    }

    public static ArchiveException badRequest(String code, String title, String detail) {
        return new ArchiveException(400, code, title, detail);
    }

    public static ArchiveException notFound(String code, String title, String detail) {
        return new ArchiveException(404, code, title, detail);
    }

    public static ArchiveException conflict(String code, String title, String detail) {
        return new ArchiveException(409, code, title, detail);
    }
}
