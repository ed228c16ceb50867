package org.stele.archive.reading;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.stele.archive.access.Permissions;
import org.stele.domain.Digest;
import org.stele.domain.catalog.VersionFile;

/** Reading the files of versions: lookup in the catalog, bytes from storage. */
@ApplicationScoped
public class VersionFiles {
    private final BlobReads reads;
    private final Permissions permissions;

    VersionFiles(BlobReads reads, Permissions permissions) {
        this.reads = reads;
        this.permissions = permissions;
    }

    /** A file found for download: its bytes (known intact so far) and its media type. */
    public record Found(BlobReads.Found bytes, String mediaType) {
        public Digest digest() {
            return bytes.digest();
        }

        public long size() {
            return bytes.size();
        }
    }

    @Transactional
    public Found find(String namespace, String name, String labelOrAlias, String path) {
        org.stele.domain.catalog.Model model = permissions.visible(namespace, name);
        VersionFile file = VersionLookup.file(model, labelOrAlias, path, permissions.canRead(model.namespace));
        return new Found(reads.held(Digest.parse(file.digest)), file.mediaType);
    }
}
