package org.stele.archive.reading;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.stele.archive.custody.BlobConditions;
import org.stele.domain.ArchiveException;
import org.stele.domain.Digest;
import org.stele.domain.ErrorCode;
import org.stele.domain.Timestamps;

/**
 * The one rule every read surface asks before handing out bytes (native files, the Hugging Face API, bags, blobs by
 * hash): may this caller receive them now? Each state has one answer everywhere:
 * <ul>
 * <li>unknown to the caller (a draft to outsiders, a restricted model to non-members): 404, as if it never was;</li>
 * <li>withdrawn, or its bytes taken down: 410 {@code withdrawn} / {@code blob_purged}, for every caller, admins too;</li>
 * <li>under embargo: 403 {@code embargoed} with the instant the files open, except for the namespace's readers;</li>
 * <li>known to be damaged: 500 {@code integrity_error} until repaired, for every caller.</li>
 * </ul>
 * A protocol may translate the code (the Hugging Face API says DisabledRepo for withdrawn), never the decision.
 */
public final class Servability {
    private Servability() {
    }

    /** What the rule needs to know of a version whose files are asked for. */
    public record Version(String label, String pid, boolean withdrawn, String withdrawalReason, Instant embargoUntil) {
    }

    /**
     * Refuses the files of a withdrawn version (410) and, to callers who are not readers of its namespace, those of a
     * version under embargo (403). Whether the version is known to the caller at all was settled by finding it.
     */
    public static void requireFiles(Version version, boolean reader) {
        if (version.withdrawn()) {
            throw withdrawn(version.label(), version.pid(), version.withdrawalReason());
        }
        if (closedTo(version, reader)) {
            throw embargoed(version.label(), version.pid(), version.embargoUntil());
        }
    }

    /** Whether {@link #requireFiles} lets this caller have the version's files now, for surfaces that list rather than refuse. */
    public static boolean servesFiles(Version version, boolean reader) {
        return !version.withdrawn() && !closedTo(version, reader);
    }

    private static boolean closedTo(Version version, boolean reader) {
        return !reader && version.embargoUntil() != null && Timestamps.now().isBefore(version.embargoUntil());
    }

    /** What the rule knows of content asked for by its digest, whichever versions hold it. */
    public record Blob(boolean purged, boolean everyones, boolean withdrawnOnly, Instant embargoUntil) {
    }

    /**
     * Content by digest: everyone's when a published version of a public model holds it with its embargo over, or no
     * version holds it yet; taken-down bytes are gone (410 {@code blob_purged}), bytes held only by withdrawn versions
     * too (410 {@code withdrawn}); the namespace readers of a holding version may read the rest, and others are told
     * of an embargo (403) when a public version holds it, else nothing (404, exactly as for a digest never stored).
     */
    public static void requireBlob(Digest digest, Blob blob, boolean reader) {
        if (blob == null) {
            throw blobNotFound(digest);
        }
        if (blob.purged()) {
            throw new ArchiveException(ErrorCode.BLOB_PURGED, "the bytes of " + digest + " were removed by a takedown");
        }
        if (blob.withdrawnOnly()) {
            throw new ArchiveException(ErrorCode.WITHDRAWN, "the bytes of " + digest + " belong only to withdrawn versions");
        }
        if (blob.everyones() || reader) {
            return;
        }
        if (blob.embargoUntil() != null) {
            throw embargo("the bytes of " + digest + " are under embargo until " + blob.embargoUntil(), blob.embargoUntil());
        }
        throw blobNotFound(digest);
    }

    /** Refuses bytes known to be missing or corrupt, on every surface and for every caller. */
    public static void requireIntact(Digest digest, BlobConditions.Outcome damage) {
        if (damage != null) {
            throw damaged(digest, damage);
        }
    }

    /** 500 {@code integrity_error}: the bytes are not served until repaired from a verified copy. */
    public static ArchiveException damaged(Digest digest, BlobConditions.Outcome outcome) {
        return new ArchiveException(ErrorCode.INTEGRITY_ERROR, "the stored bytes of " + digest + " are "
                + outcome + "; they are not served until they are repaired from a verified copy");
    }

    /** 410 {@code withdrawn}: the identifier and landing page stay, the bytes are no longer served. */
    public static ArchiveException withdrawn(String label, String pid, String reason) {
        return new ArchiveException(ErrorCode.WITHDRAWN, "version " + label + " (" + pid + ") was withdrawn"
                + (reason == null ? "" : ": " + reason));
    }

    /** 403 {@code embargoed}, with the instant the files open and a Retry-After until then. */
    public static ArchiveException embargoed(String label, String pid, Instant until) {
        return embargo("the files of version " + label + " (" + pid + ") are under embargo until " + until, until);
    }

    private static ArchiveException embargo(String detail, Instant until) {
        return new ArchiveException(ErrorCode.EMBARGOED, detail,
                Map.of("retryAfterSeconds", String.valueOf(Duration.between(Timestamps.now(), until).toSeconds() + 1)));
    }

    private static ArchiveException blobNotFound(Digest digest) {
        return new ArchiveException(ErrorCode.BLOB_NOT_FOUND, "no blob " + digest + " in this archive");
    }
}
