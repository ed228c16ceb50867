package org.stele.archive.custody;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;
import org.stele.store.StorageUnavailableException;

/**
 * A request that failed because storage could not be reached or did not answer in time, told from one storage failed
 * in earnest, whatever wrapped the failure on its way up. Every surface answers the first as {@code storage_unavailable}
 * (503 with Retry-After), in its own dialect; nothing was committed, so trying again is safe.
 */
public final class StorageOutage {
    /** How long clients are asked to wait before trying again. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private StorageOutage() {
    }

    /** The refusal to answer {@code failure} with, when storage being out of reach caused it. */
    public static Optional<ArchiveException> of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StorageUnavailableException) {
                return Optional.of(new ArchiveException(ErrorCode.STORAGE_UNAVAILABLE,
                        "the archive's storage could not be reached; nothing was changed, try again later",
                        Map.of("retryAfterSeconds", String.valueOf(RETRY_AFTER_SECONDS))));
            }
        }
        return Optional.empty();
    }

    /** Whether storage or other I/O failed in earnest (not out of reach) to cause {@code failure}. */
    public static boolean isStorageError(Throwable failure) {
        return failure instanceof IOException || failure.getCause() instanceof IOException;
    }
}
