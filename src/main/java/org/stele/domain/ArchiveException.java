package org.stele.domain;

import java.util.HashMap;
import java.util.Map;

/**
 * Every refusal the archive gives a client: a stable {@link ErrorCode}, a detail for people, and the facts a client
 * may act on (e.g. {@code retryAfterSeconds}, {@code uploadOffset}). How it is answered over HTTP is decided in one
 * table in the API layer.
 */
public class ArchiveException extends RuntimeException {
    private final ErrorCode code;
    private final Map<String, String> facts;

    public ArchiveException(ErrorCode code, String detail) {
        this(code, detail, Map.of());
    }

    public ArchiveException(ErrorCode code, String detail, Map<String, String> facts) {
        super(detail);
        this.code = code;
        this.facts = Map.copyOf(facts);
    }

    public ErrorCode errorCode() {
        return code;
    }

    /** The code as clients see it, e.g. {@code digest_mismatch}. */
    public String code() {
        return code.code();
    }

    /**
     * Facts a client may act on, by name: {@code retryAfterSeconds} (when trying again may succeed),
     * {@code uploadOffset} (where an upload session stands), {@code contentRange} (the size a range missed),
     * {@code commit} (the revision a Hugging Face answer was about).
     */
    public Map<String, String> facts() {
        return facts;
    }

    /** The same refusal with one more fact. */
    public ArchiveException with(String fact, String value) {
        Map<String, String> more = new HashMap<>(facts);
        more.put(fact, value);
        return new ArchiveException(code, getMessage(), more);
    }
}
