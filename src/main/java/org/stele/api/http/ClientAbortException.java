package org.stele.api.http;

import java.io.IOException;

/**
 * The client stopped sending a request body before its end (closed the connection, or went silent past the read
 * timeout). It is the client's doing, not a storage failure: answered and counted apart from storage errors, even when
 * a storage driver wraps it on its way out.
 */
public final class ClientAbortException extends IOException {
    public ClientAbortException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The abort behind {@code failure}, however deep a driver or a transaction wrapped it. */
    static java.util.Optional<ClientAbortException> in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ClientAbortException abort) {
                return java.util.Optional.of(abort);
            }
        }
        return java.util.Optional.empty();
    }
}
