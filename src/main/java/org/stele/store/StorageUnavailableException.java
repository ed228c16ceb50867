package org.stele.store;

/**
 * Storage could not be reached, or did not answer in time: connection refused or reset, a timeout, a server saying it
 * is unavailable, a volume gone. Trying again later may succeed, and nothing was changed by the failed call. Any other
 * {@link StorageException} is storage answering something it should not (a refusal we did not expect, damage).
 */
public class StorageUnavailableException extends StorageException {
    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
