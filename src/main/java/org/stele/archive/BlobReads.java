package org.stele.archive;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import org.stele.domain.ArchiveException;
import org.stele.domain.Blob;
import org.stele.domain.Digest;
import org.stele.store.BlobStore;

/** Finds stored blobs and opens their bytes. */
@ApplicationScoped
public class BlobReads {
    private final BlobStore store;

    BlobReads(BlobStore store) {
        this.store = store;
    }

    public Blob find(Digest digest) {
        Blob blob = Blob.findById(digest.toString());
        if (blob == null) {
            throw ArchiveException.notFound("blob_not_found", "Blob not found", "no blob " + digest + " in this archive");
        }
        if (blob.purgedAt != null) {
            throw new ArchiveException(410, "blob_purged", "Content removed", "the bytes of " + digest + " were removed by a takedown");
        }
        return blob;
    }

    /** Opens {@code length} bytes of stored content from {@code offset}; the caller closes the stream. */
    public InputStream open(Digest digest, long offset, long length) throws IOException {
        return store.get(digest.storageKey(), offset, length);
    }
}
