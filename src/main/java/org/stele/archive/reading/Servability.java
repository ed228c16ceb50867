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

    /**
     * What the rule knows of content asked for by its digest, whichever versions hold it.
     *
     * @param everyones     a published version of a public model holds it with its embargo over
     * @param withdrawnOnly withdrawn versions hold it and no draft or published one does
     * @param embargoUntil  when the first published version of a public model holding it under embargo opens, if any
     * @param referenced    a version (not discarded) holds it
     * @param publiclyHeld  a published or withdrawn version of a public model holds it: its fate is no secret
     */
    public record Blob(boolean purged, boolean everyones, boolean withdrawnOnly, Instant embargoUntil, boolean referenced,
            boolean publiclyHeld) {
        /** Whether every caller may have the bytes, so that nothing of the caller needs to be known. */
        public boolean open() {
            return everyones && !purged;
        }
    }

    /**
     * Content by digest answers as the strictest of its holders would answer this caller, and no holder that caller
     * could see means nothing to see: 404, exactly as for a digest never stored. Content a public published version
     * holds with its embargo over is everyone's; taken-down bytes are gone (410 {@code blob_purged}), bytes held only
     * by withdrawn versions too (410 {@code withdrawn}), for those who know such a holder; a reader (of the namespace
     * of a draft or published holder, or the uploader of bytes no version holds) may have the rest; others are told
     * of an embargo (403) when a public version holds it, else nothing (404). Bytes once in a discarded draft, or
     * deleted from one, are thus no one's but their uploader's and the draft's readers'.
     *
     * @param reader  whether this caller may read the bytes through a holder (or as their uploader)
     * @param insider whether this caller reads the namespace of some holder, withdrawn ones included
     */
    public static void requireBlob(Digest digest, Blob blob, boolean reader, boolean insider) {
        if (blob == null) {
            throw blobNotFound(digest);
        }
        boolean known = blob.publiclyHeld() || insider;
        if (blob.purged() && known) {
            throw new ArchiveException(ErrorCode.BLOB_PURGED, "the bytes of " + digest + " were removed by a takedown");
        }
        if (blob.withdrawnOnly() && known) {
            throw new ArchiveException(ErrorCode.WITHDRAWN, "the bytes of " + digest + " belong only to withdrawn versions");
        }
        if (!blob.purged() && !blob.withdrawnOnly() && (blob.everyones() || reader)) {
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
