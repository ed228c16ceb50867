package org.stele.api.hf;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.stele.archive.reading.HubRevisions;

/**
 * One entry of {@code /tree} and {@code /paths-info}. Files carry {@code lfs} (the SHA-256 clients name blobs
 * after) and the pointer's git oid; directories a content-derived oid. Never a {@code xetHash}: Python would
 * then switch to the Xet protocol.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TreeEntry(String type, String oid, long size, String path, Lfs lfs, LastCommit lastCommit) {

    /** {@code oid} is the SHA-256 of the content here, not a git oid. */
    public record Lfs(String oid, long size, int pointerSize) {
    }

    public record LastCommit(String id, String title, String date) {
    }

    static TreeEntry file(HubRevisions.HubFile file, LastCommit lastCommit) {
        LfsPointer pointer = LfsPointer.of(file.digest(), file.size());
        return new TreeEntry("file", pointer.oid(), file.size(), file.path(),
                new Lfs(file.digest().hex(), file.size(), pointer.size()), lastCommit);
    }

    static TreeEntry directory(String path, String oid, LastCommit lastCommit) {
        return new TreeEntry("directory", oid, 0, path, null, lastCommit);
    }

    /** Every file and directory is last changed by the revision's own commit: one version is one commit. */
    static LastCommit lastCommit(HubRevisions.Revision revision) {
        return new LastCommit(revision.commit(), CommitEntry.title(revision), HubDates.format(revision.publishedAt()));
    }
}
