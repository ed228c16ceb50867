package org.stele.domain;

import java.io.IOException;

/** Stored bytes are missing or do not hash to their content address. */
public final class IntegrityException extends IOException {
    private final boolean missing;

    public IntegrityException(String message, boolean missing) {
        super(message);
        this.missing = missing;
    }

    /** True when the object is gone, false when its bytes are wrong. */
    public boolean missing() {
        return missing;
    }
}
