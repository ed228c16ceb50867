package org.stele.store;

import java.util.Optional;

/** The second store that receives a copy of everything the primary holds; absent unless configured. */
public record ReplicaStore(Optional<BlobStore> store) {

    /** Deletes the replica's copy too, when there is a replica: bytes collected or taken down go from every copy. */
    public void delete(String key) throws java.io.IOException {
        if (store.isPresent()) {
            store.get().delete(key);
        }
    }
}
