package org.stele.store;

import java.io.IOException;

/** Storage is unreachable, misconfigured or failed; the message is written for an operator. */
public class StorageException extends IOException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
