package org.stele.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Object storage seen as a flat namespace of keys ({@code blobs/sha256/ab/cd/…}, {@code records/…},
 * {@code uploads/…}). Every driver passes the same contract suite. Keys are '/'-separated and never
 * contain empty, '.' or '..' segments.
 */
public interface BlobStore {

    /** Short driver name for logs and health: {@code filesystem} or {@code s3}. */
    String driver();

    /** Where the bytes live, for the startup line (a directory or {@code s3://bucket at endpoint}). */
    String location();

    /** Checks that storage is reachable and writable, creating the bucket or directory if missing. */
    void verify() throws StorageException;

    /**
     * Checks, for readiness, that storage is reachable and writable without creating what went missing: a directory
     * recreated where a volume was would take writes that belong on the volume.
     */
    default void check() throws StorageException {
        verify();
    }

    /**
     * Streams {@code in} to {@code key} in bounded buffers. The object appears whole or not at all:
     * a reader never sees partial bytes, and a failed write leaves nothing behind. Durable on return.
     *
     * @return the number of bytes written
     */
    long put(String key, InputStream in) throws IOException;

    /**
     * Writes bytes meant for {@code key} without making them visible there, so that the caller can check them first.
     * This default puts them under {@code staging} and moves them on commit; a driver that can keep an upload open
     * (S3 multipart) writes them straight to their key and saves the copy.
     */
    default Pending prepare(String key, String staging, InputStream in) throws IOException {
        return Pending.staged(this, staging, put(staging, in), key);
    }

    /**
     * Whether an upload session's chunks go into one staged object ({@link #holdStaged}), written in place one after
     * another; otherwise each chunk is an object of its own ({@link #put}).
     */
    default boolean appendsInPlace() {
        return false;
    }

    /**
     * Holds the staged object {@code key} for writing, creating it when missing; empty while another writer holds it.
     * Only where {@link #appendsInPlace()}.
     */
    default Optional<StagedObject> holdStaged(String key) throws IOException {
        throw new UnsupportedOperationException(driver() + " keeps each chunk as an object of its own");
    }

    /**
     * Makes the concatenation of {@code pieces} (staged objects or chunks, in order, each read whole up to its size)
     * pending at {@code key} without the bytes passing through the archive: a rename of the one staged object, or a
     * server-side composition. Empty when the driver cannot for these pieces; the caller then streams them.
     */
    default Optional<Pending> assemble(List<StoredObject> pieces, String key) throws IOException {
        return Optional.empty();
    }

    /** Size of the object, or empty when there is none. */
    Optional<Long> size(String key) throws IOException;

    /**
     * Opens {@code length} bytes of the object starting at {@code offset}; {@code length < 0} reads to
     * the end. The caller closes the stream.
     *
     * @throws NoSuchObjectException when the key does not exist
     */
    InputStream get(String key, long offset, long length) throws IOException;

    /**
     * A link that fetches the whole object (or a Range of it) straight from storage, without the archive and without
     * credentials, until {@code lifetime} has passed: a bearer link. Empty when the driver has none (the filesystem);
     * the caller then sends the bytes itself. Computed locally: no call to storage.
     */
    default Optional<java.net.URI> presignedGet(String key, java.time.Duration lifetime) throws IOException {
        return Optional.empty();
    }

    /** Removes the object; removing a missing object is not an error. */
    void delete(String key) throws IOException;

    /** Atomically makes the object at {@code from} visible at {@code to} (replacing it) and removes {@code from}. */
    void move(String from, String to) throws IOException;

    /** All objects whose key starts with {@code prefix}, sorted by key. */
    List<StoredObject> list(String prefix) throws IOException;

    /**
     * Removes what writes of this driver left unfinished (a crash, a killed client) and nobody touched for
     * {@code maxAge}: the filesystem's temporary files, S3's incomplete multipart uploads. A write in progress in this
     * process is left alone whatever its age.
     *
     * @return the bytes removed, as far as the driver can tell
     */
    default long removeStaleTemporaries(java.time.Duration maxAge) throws IOException {
        return 0;
    }
}
