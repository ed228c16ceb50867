package org.stele.store;

import java.util.Optional;

/** The second store that receives a copy of everything the primary holds; absent unless configured. */
public record ReplicaStore(Optional<BlobStore> store) {
}
