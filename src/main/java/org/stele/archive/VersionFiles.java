package org.stele.archive;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import org.stele.domain.Digest;
import org.stele.domain.VersionFile;

/** Reading the files of versions: lookup in the catalog, bytes from storage. */
@ApplicationScoped
public class VersionFiles {
    private final BlobReads reads;
    private final Permissions permissions;

    VersionFiles(BlobReads reads, Permissions permissions) {
        this.reads = reads;
        this.permissions = permissions;
    }

    /** A file found for download. */
    public record Found(Digest digest, long size, String mediaType) {
    }

    @Transactional
    public Found find(String namespace, String name, String labelOrAlias, String path) {
        org.stele.domain.Model model = permissions.visible(namespace, name);
        VersionFile file = Versions.file(model, labelOrAlias, path, permissions.canRead(model.namespace));
        Digest digest = Digest.parse(file.digest);
        reads.requireIntact(digest); // a HEAD must not announce what a GET would refuse
        return new Found(digest, file.size, file.mediaType);
    }

    public InputStream open(Found file, long offset, long length) throws IOException {
        return reads.open(file.digest(), offset, length);
    }
}
