package org.stele.archive.deposit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.stele.archive.access.Actor;
import org.stele.archive.access.Permissions;
import org.stele.config.SteleConfig;
import org.stele.domain.ArchiveException;
import org.stele.domain.Digest;
import org.stele.domain.ErrorCode;
import org.stele.domain.catalog.UploadChunk;
import org.stele.domain.catalog.UploadSession;
import org.stele.store.BlobStore;
import org.stele.store.StorageLayout;

/**
 * Resumable uploads for very large files and flaky links. Each chunk is stored as its own object and
 * recorded in the catalog with a compare-and-set on the session offset, so a session survives restarts,
 * can be continued on any replica, and two clients racing at one offset cannot both win. A session is its opener's:
 * to anyone else (but an admin) it does not exist.
 */
@ApplicationScoped
public class UploadSessions {
    private static final Logger LOG = Logger.getLogger(UploadSessions.class);

    private final Permissions permissions;
    private final BlobStore store;
    private final BlobIngest ingest;
    private final SteleConfig config;
    private final Actor actor;

    UploadSessions(BlobStore store, BlobIngest ingest, SteleConfig config, Actor actor, Permissions permissions) {
        this.permissions = permissions;
        this.store = store;
        this.ingest = ingest;
        this.config = config;
        this.actor = actor;
    }

    public UploadSession create() {
        permissions.requireDepositor();
        return QuarkusTransaction.requiringNew().call(() -> {
            UploadSession session = new UploadSession();
            session.id = UUID.randomUUID();
            session.state = UploadSession.OPEN;
            session.createdAt = Instant.now();
            session.updatedAt = session.createdAt;
            session.expiresAt = session.createdAt.plus(config.uploads().expiry());
            session.ownerId = actor.account().map(Actor.Account::id).orElse(null);
            session.persist();
            return session;
        });
    }

    /** The session, for its opener (or an admin): 401 without a token, 404 for anyone else and for a malformed id. */
    public UploadSession find(String id) {
        permissions.requireAuthenticated("this operation");
        return find(sessionId(id));
    }

    private static UUID sessionId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ArchiveException(ErrorCode.UPLOAD_NOT_FOUND, "no upload session " + id);
        }
    }

    /** The session, if it exists and the caller opened it (or is an admin); otherwise 404, telling nothing more. */
    private UploadSession find(UUID id) {
        UploadSession session = QuarkusTransaction.requiringNew().call(() -> UploadSession.<UploadSession>findById(id));
        if (session == null || !openedByCaller(session)) {
            throw new ArchiveException(ErrorCode.UPLOAD_NOT_FOUND, "no upload session " + id + " (it may have completed, been cancelled or expired)");
        }
        return session;
    }

    /**
     * Appends a chunk at {@code start} (or at the current offset when the client gave none).
     *
     * @param length the chunk length the client declared, if any; a body of another length is refused
     * @return the session's offset after the chunk
     */
    public long append(String id, Optional<Long> start, Optional<Long> length, IncomingBytes chunk) throws IOException {
        permissions.requireDepositor();
        UUID session = sessionId(id);
        try (InputStream body = chunk.open()) {
            return append(session, start, length, body);
        }
    }

    private long append(UUID id, Optional<Long> start, Optional<Long> length, InputStream body) throws IOException {
        UploadSession session = openSession(id);
        long offset = session.offset;
        if (start.isPresent() && start.get() != offset) {
            throw offsetMismatch(offset, "the chunk starts at " + start.get() + " but the session holds " + offset + " bytes");
        }
        String key = StorageLayout.chunk(id, offset);
        long size = store.put(key, body);
        if (size == 0) {
            store.delete(key);
            if (length.isPresent() && length.get() != 0) {
                throw lengthMismatch(length.get(), 0);
            }
            return offset;
        }
        if (length.isPresent() && length.get() != size) {
            store.delete(key);
            throw lengthMismatch(length.get(), size);
        }
        boolean recorded = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            int updated = UploadSession.update(
                    "offset = ?1, updatedAt = ?2, expiresAt = ?3 where id = ?4 and offset = ?5 and state = ?6",
                    offset + size, now, now.plus(config.uploads().expiry()), id, offset, UploadSession.OPEN);
            if (updated == 1) {
                UploadChunk.of(id, offset, size, key).persist();
            }
            return updated == 1;
        });
        if (!recorded) {
            store.delete(key);
            long current = find(id).offset;
            throw offsetMismatch(current, "another chunk was appended at offset " + offset + " first");
        }
        return offset + size;
    }

    /**
     * Completes the session: appends the optional final chunk, then streams all chunks through the
     * same ingest as a single-request upload. A digest mismatch discards the session and its data.
     */
    public BlobIngest.Stored complete(String id, Digest expected, IncomingBytes last) throws IOException {
        permissions.requireDepositor();
        UUID session = sessionId(id);
        try (InputStream finalChunk = last.open()) {
            return complete(session, expected, finalChunk);
        }
    }

    private BlobIngest.Stored complete(UUID id, Digest expected, InputStream finalChunk) throws IOException {
        openSession(id); // before reading a byte of the body
        PushbackInputStream rest = new PushbackInputStream(finalChunk, 1);
        int first = rest.read();
        if (first >= 0) {
            rest.unread(first);
            append(id, Optional.empty(), Optional.empty(), rest);
        }
        boolean claimed = QuarkusTransaction.requiringNew().call(() -> UploadSession.update(
                "state = ?1, updatedAt = ?2 where id = ?3 and state = ?4",
                UploadSession.COMPLETING, Instant.now(), id, UploadSession.OPEN) == 1);
        if (!claimed) {
            openSession(id); // answers 404 or 409 as fits
            throw new ArchiveException(ErrorCode.UPLOAD_COMPLETING, "the session " + id + " is already being completed");
        }
        List<UploadChunk> chunks = QuarkusTransaction.requiringNew().call(() -> UploadChunk.ofSession(id));
        try (InputStream all = new SequenceInputStream(opening(chunks))) {
            BlobIngest.Stored stored = ingest.ingest(all, Optional.of(expected));
            discard(id);
            return stored;
        } catch (ArchiveException e) {
            discard(id);
            throw e;
        } catch (IOException | RuntimeException e) {
            QuarkusTransaction.requiringNew().run(() -> UploadSession.update(
                    "state = ?1 where id = ?2", UploadSession.OPEN, id));
            throw e;
        }
    }

    /** Cancels the session and removes its data. */
    public void cancel(String raw) throws IOException {
        permissions.requireDepositor();
        UUID id = sessionId(raw);
        find(id);
        discard(id);
    }

    /**
     * Removes expired sessions, chunk objects whose session is gone, and staged uploads older than the
     * session expiry (left by a crash mid-upload).
     */
    public int sweep() throws IOException {
        Instant now = Instant.now();
        List<UUID> expired = QuarkusTransaction.requiringNew().call(() -> UploadSession
                .<UploadSession>list("expiresAt < ?1", now).stream().map(s -> s.id).toList());
        for (UUID id : expired) {
            discard(id);
        }
        int removed = 0;
        Instant stale = now.minus(config.uploads().expiry());
        store.removeStaleTemporaries(config.uploads().expiry());
        for (var object : store.list(StorageLayout.UPLOADS)) {
            boolean orphanChunk = StorageLayout.isChunk(object.key())
                    && StorageLayout.sessionOf(object.key()).map(this::sessionMissing).orElse(true);
            boolean staleStaging = StorageLayout.isStaging(object.key())
                    && object.lastModified() != null && object.lastModified().isBefore(stale);
            if (orphanChunk || staleStaging) {
                store.delete(object.key());
                removed++;
            }
        }
        if (!expired.isEmpty() || removed > 0) {
            LOG.infof("upload sweep: %d expired sessions, %d orphaned objects removed", expired.size(), removed);
        }
        return expired.size() + removed;
    }

    private boolean sessionMissing(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> UploadSession.findById(id) == null);
    }

    private void discard(UUID id) throws IOException {
        List<UploadChunk> chunks = QuarkusTransaction.requiringNew().call(() -> {
            List<UploadChunk> found = UploadChunk.ofSession(id);
            UploadSession.deleteById(id);
            return found;
        });
        for (UploadChunk chunk : chunks) {
            store.delete(chunk.storageKey);
        }
    }

    private boolean openedByCaller(UploadSession session) {
        return session.ownerId == null || actor.isAdmin()
                || actor.account().map(account -> account.id().equals(session.ownerId)).orElse(false);
    }

    private UploadSession openSession(UUID id) {
        UploadSession session = find(id);
        if (!UploadSession.OPEN.equals(session.state)) {
            throw new ArchiveException(ErrorCode.UPLOAD_COMPLETING, "the session " + id + " is being completed and takes no more chunks");
        }
        return session;
    }

    private static ArchiveException offsetMismatch(long current, String detail) {
        return new ArchiveException(ErrorCode.OFFSET_MISMATCH, detail, Map.of("uploadOffset", Long.toString(current)));
    }

    private static ArchiveException lengthMismatch(long declared, long received) {
        return new ArchiveException(ErrorCode.INVALID_CONTENT_RANGE, "Content-Range announced " + declared + " bytes but " + received + " arrived; the chunk was not kept");
    }

    /** Opens each chunk only when the previous one is exhausted, so one stream is open at a time. */
    private Enumeration<InputStream> opening(List<UploadChunk> chunks) {
        Iterator<UploadChunk> it = chunks.iterator();
        return new Enumeration<>() {
            @Override
            public boolean hasMoreElements() {
                return it.hasNext();
            }

            @Override
            public InputStream nextElement() {
                try {
                    return store.get(it.next().storageKey, 0, -1);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
