package org.stele.store;

import java.time.Instant;

/** One object in a {@link BlobStore} listing. */
public record StoredObject(String key, long size, Instant lastModified) {
}
