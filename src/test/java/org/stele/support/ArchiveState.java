package org.stele.support;

import io.quarkus.narayana.jta.QuarkusTransaction;
import java.io.IOException;
import java.util.List;
import org.stele.domain.Blob;
import org.stele.domain.UploadChunk;
import org.stele.domain.UploadSession;
import org.stele.store.BlobStore;
import org.stele.store.StoredObject;

/** What the archive holds, catalog and storage, so a test can prove a refused request changed nothing. */
public record ArchiveState(long blobs, long sessions, long chunks, List<String> objects) {

    public static ArchiveState of(BlobStore store) throws IOException {
        long[] counts = QuarkusTransaction.requiringNew().call(() -> new long[] {Blob.count(), UploadSession.count(), UploadChunk.count()});
        return new ArchiveState(counts[0], counts[1], counts[2], store.list("").stream().map(StoredObject::key).toList());
    }
}
