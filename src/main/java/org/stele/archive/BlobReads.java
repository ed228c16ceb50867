package org.stele.archive;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import org.stele.domain.ArchiveException;
import org.stele.domain.Blob;
import org.stele.domain.Digest;
import org.stele.domain.Timestamps;
import org.stele.store.BlobStore;

/** Finds stored blobs and opens their bytes. */
@ApplicationScoped
public class BlobReads {
    private final BlobStore store;
    private final Permissions permissions;

    BlobReads(BlobStore store, Permissions permissions) {
        this.store = store;
        this.permissions = permissions;
    }

    /**
     * The blob, if this request may know of it: content of a released version of a public model whose embargo is
     * over is everyone's, and so is content no version holds (yet); content held only by drafts, restricted models or
     * embargoed versions is only their namespace's readers'. Anything else is 404, exactly as for a digest never stored.
     */
    @Transactional
    public Blob find(Digest digest) {
        Blob blob = Blob.findById(digest.toString());
        if (blob == null || !(permissions.isAdmin() || visible(digest))) {
            throw ArchiveException.notFound("blob_not_found", "Blob not found", "no blob " + digest + " in this archive");
        }
        return blob;
    }

    private boolean visible(Digest digest) {
        Object[] row = (Object[]) Blob.getEntityManager().createNativeQuery("""
                select
                  exists (select 1 from version_file f join model_version v on v.id = f.version_id join model m on m.id = v.model_id
                          where f.digest = ?1 and v.state in ('published', 'withdrawn') and m.visibility = 'public'
                            and (v.embargo_until is null or v.embargo_until <= ?2)),
                  exists (select 1 from version_file f join model_version v on v.id = f.version_id join model m on m.id = v.model_id
                          where f.digest = ?1 and v.state <> 'discarded' and lower(m.namespace) = any(?3)),
                  exists (select 1 from version_file f join model_version v on v.id = f.version_id
                          where f.digest = ?1 and v.state <> 'discarded')""")
                .setParameter(1, digest.toString())
                .setParameter(2, Timestamps.now().atOffset(java.time.ZoneOffset.UTC))
                .setParameter(3, permissions.readableNamespaces().toArray(String[]::new))
                .getSingleResult();
        boolean open = (Boolean) row[0];
        boolean readable = (Boolean) row[1];
        boolean referenced = (Boolean) row[2];
        return open || readable || !referenced;
    }

    /** Opens {@code length} bytes of stored content from {@code offset}; the caller closes the stream. */
    public InputStream open(Digest digest, long offset, long length) throws IOException {
        return store.get(digest.storageKey(), offset, length);
    }
}
