package org.stele.archive;

import java.util.List;

/** One page of a list, the shape every list in the API uses; {@code nextCursor} is null on the last page. */
public record Page<T>(List<T> items, String nextCursor) {
}
