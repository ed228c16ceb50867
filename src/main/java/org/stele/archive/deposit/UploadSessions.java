package org.stele.archive.deposit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.FilterInputStream;
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
import java.util.concurrent.ConcurrentHashMap;
import org.stele.archive.access.Actor;
import org.stele.archive.access.Permissions;
import org.stele.config.StartupGate;
import org.stele.config.SteleConfig;
import org.stele.domain.ArchiveException;
import org.stele.domain.Digest;
import org.stele.domain.ErrorCode;
import org.stele.domain.catalog.UploadChunk;
import org.stele.domain.catalog.UploadSession;
import org.stele.store.BlobStore;
import org.stele.store.BoundedInputStream;
import org.stele.store.Pending;
import org.stele.store.Sha256InputStream;
import org.stele.store.Sha256State;
import org.stele.store.StagedObject;
import org.stele.store.StorageLayout;
import org.stele.store.StoredObject;

/**
 * Resumable uploads for very large files and flaky links. Each chunk is stored durably (appended to the session's one
 * staged object where the driver can, else as an object of its own) and recorded in the catalog with the SHA-256 state
 * after it and a compare-and-set on the session offset, so a session survives restarts, can be continued on any replica,
 * and two clients racing at one offset cannot both win. Completing it takes the digest from that state and assembles the
 * bytes where they lie (a rename, or a server-side composition on S3): no byte is read or written twice. A session is
 * its opener's: to anyone else (but an admin) it does not exist.
 */
@ApplicationScoped
public class UploadSessions {
    private final Permissions permissions;
    private final BlobStore store;
    private final BlobIngest ingest;
    private final SteleConfig config;
    private final Actor actor;
    private final UploadsInProgress inProgress;
    /** The claims of the completions running in this process, by session: renewed until they finish. */
    private final Map<UUID, UUID> claims = new ConcurrentHashMap<>();

    UploadSessions(BlobStore store, BlobIngest ingest, SteleConfig config, Actor actor, Permissions permissions,
            UploadsInProgress inProgress) {
        this.inProgress = inProgress;
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
        CutOff arriving = new CutOff(body);
        long end = appendAt(id, offset, length, arriving, Optional.empty());
        if (arriving.failure != null) {
            throw arriving.failure; // what arrived is kept (HEAD tells how much); the client, gone, resumes from there
        }
        return end;
    }

    /**
     * Stores a chunk at {@code offset} and records it if the session still holds {@code offset} bytes and is open (or,
     * for a completion's final chunk, still held by its {@code claim}); otherwise its bytes are dropped. The chunk is
     * hashed on from the state the session's bytes before it left, and the state after it is recorded with it. Where the
     * driver appends in place, the chunk goes into the session's one staged object, held by this append alone; else it is
     * an object of its own.
     */
    private long appendAt(UUID id, long offset, Optional<Long> length, InputStream body, Optional<UUID> claim) throws IOException {
        Target target = target(id, offset, false);
        if (target == null) {
            throw offsetMismatch(offset, "another chunk is being appended at offset " + offset);
        }
        String key = target.key();
        try (UploadsInProgress.Held held = inProgress.hold(key); Chunk chunk = target.chunk()) {
            if (target.inPlace()) {
                requireAt(id, offset, claim); // held alone now: no recorded byte past the offset can be overwritten
            }
            Sha256InputStream hashing = target.hash().map(state -> new Sha256InputStream(body, state)).orElse(null);
            long size = chunk.write(hashing == null ? body : hashing);
            boolean cutOff = body instanceof CutOff arriving && arriving.failure != null;
            if (size == 0) {
                chunk.drop();
                if (length.isPresent() && length.get() != 0 && !cutOff) {
                    throw lengthMismatch(length.get(), 0);
                }
                return offset;
            }
            if (length.isPresent() && length.get() != size && !cutOff) {
                chunk.drop();
                throw lengthMismatch(length.get(), size);
            }
            byte[] state = hashing == null ? null : hashing.state().save();
            boolean recorded = QuarkusTransaction.requiringNew().call(() -> {
                Instant now = Instant.now();
                String where = claim.isPresent() ? "completionClaim = ?6" : "state = ?6";
                int updated = UploadSession.update(
                        "offset = ?1, updatedAt = ?2, expiresAt = ?3 where id = ?4 and offset = ?5 and " + where,
                        offset + size, now, now.plus(config.uploads().expiry()), id, offset, claim.isPresent() ? claim.get() : UploadSession.OPEN);
                if (updated == 1) {
                    UploadChunk recordedChunk = UploadChunk.of(id, offset, size, key);
                    recordedChunk.hashState = state;
                    recordedChunk.persist();
                }
                return updated == 1;
            });
            if (!recorded) {
                chunk.drop();
                if (claim.isPresent()) {
                    throw takenOver(id);
                }
                long current = find(id).offset;
                throw offsetMismatch(current, "another chunk was appended at offset " + offset + " first");
            }
            return offset + size;
        }
    }

    /** Where a chunk goes, and the hash state it continues (none when the bytes before it carry none). */
    private record Target(String key, boolean inPlace, Chunk chunk, Optional<Sha256State> hash) {
    }

    /**
     * Where the chunk at {@code offset} goes: into the session's staged object when the driver appends in place and the
     * bytes before it are there, held by this writer alone; else an object of its own. The hash goes on from the state
     * the chunk ending at {@code offset} recorded. Null when the staged object is held by another writer, unless
     * {@code apartWhenBusy} (then the chunk is an object of its own).
     */
    private Target target(UUID id, long offset, boolean apartWhenBusy) throws IOException {
        Optional<UploadChunk> previous = offset == 0 ? Optional.empty()
                : QuarkusTransaction.requiringNew().call(() -> UploadChunk.endingAt(id, offset));
        Optional<Sha256State> hash = offset == 0 ? Optional.of(Sha256State.fresh())
                : previous.map(chunk -> chunk.hashState).map(Sha256State::restore); // none for chunks stored before states were kept
        String staged = StorageLayout.staged(id);
        if (store.appendsInPlace() && (offset == 0 || previous.map(chunk -> chunk.storageKey.equals(staged)).orElse(false))) {
            Chunk chunk = Chunk.inPlace(store, staged, offset);
            if (chunk != null) {
                return new Target(staged, true, chunk, hash);
            }
            if (!apartWhenBusy) {
                return null;
            }
        }
        String key = StorageLayout.chunk(id, offset);
        return new Target(key, false, Chunk.object(store, key), hash);
    }

    /** Refuses an in-place append unless the session holds exactly {@code offset} bytes and is still the appender's. */
    private void requireAt(UUID id, long offset, Optional<UUID> claim) {
        UploadSession session = find(id);
        if (claim.isPresent() && !claim.get().equals(session.completionClaim)) {
            throw takenOver(id);
        }
        if (claim.isEmpty() && !UploadSession.OPEN.equals(session.state)) {
            throw new ArchiveException(ErrorCode.UPLOAD_COMPLETING, "the session " + id + " is being completed and takes no more chunks");
        }
        if (session.offset != offset) {
            throw offsetMismatch(session.offset, "another chunk was appended at offset " + offset + " first");
        }
    }

    /** Where one chunk's bytes go: into the session's staged object at its offset, or into an object of its own. */
    private interface Chunk extends AutoCloseable {
        long write(InputStream in) throws IOException;

        /** Removes the chunk's bytes (not recorded). */
        void drop() throws IOException;

        @Override
        void close() throws IOException;

        /** Null while another append holds the staged object. */
        static Chunk inPlace(BlobStore store, String key, long offset) throws IOException {
            Optional<StagedObject> held = store.holdStaged(key);
            if (held.isEmpty()) {
                return null;
            }
            StagedObject staged = held.get();
            return new Chunk() {
                @Override
                public long write(InputStream in) throws IOException {
                    return staged.write(offset, in);
                }

                @Override
                public void drop() throws IOException {
                    staged.truncate(offset);
                }

                @Override
                public void close() throws IOException {
                    staged.close();
                }
            };
        }

        static Chunk object(BlobStore store, String key) {
            return new Chunk() {
                @Override
                public long write(InputStream in) throws IOException {
                    return store.put(key, in);
                }

                @Override
                public void drop() throws IOException {
                    store.delete(key);
                }

                @Override
                public void close() {
                }
            };
        }
    }

    /**
     * A chunk's body that ends where its connection was cut: what arrived before is stored and recorded (so the client
     * resumes from the last byte the archive holds, not from the chunk's start), and the failure is told afterwards.
     */
    private static final class CutOff extends FilterInputStream {
        private IOException failure;

        CutOff(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            if (failure != null) {
                return -1;
            }
            try {
                return in.read(buffer, off, len);
            } catch (IOException e) {
                failure = e;
                return -1;
            }
        }
    }

    /**
     * Completes the session: claims it, appends the optional final chunk, then streams all chunks through the same
     * ingest as a single-request upload. A digest mismatch discards the session and its data; any other failure puts the
     * session back as it was before. A completion whose server died leaves its claim unrenewed: after
     * {@code stele.uploads.completion-takeover} a retry takes it over, its final chunk (if any) replacing the dead one's.
     */
    public BlobIngest.Stored complete(String id, Digest expected, IncomingBytes last) throws IOException {
        permissions.requireDepositor();
        UUID session = sessionId(id);
        find(session);
        UUID claim = claim(session); // before reading a byte of the body
        claims.put(session, claim);
        try (InputStream finalChunk = last.open()) {
            return complete(session, claim, expected, finalChunk, permissions.accountId());
        } finally {
            claims.remove(session, claim);
        }
    }

    /**
     * Takes the session for a completion: an open one, or one whose completion stopped renewing its claim. Otherwise
     * 409 {@code upload_completing} (with when to try again) or 404 when it is gone.
     */
    private UUID claim(UUID id) {
        UUID claim = UUID.randomUUID();
        Instant now = Instant.now();
        Instant abandoned = now.minus(config.uploads().completionTakeover());
        boolean claimed = QuarkusTransaction.requiringNew().call(() -> UploadSession.update(
                "state = ?1, completionClaim = ?2, completionOffset = offset, updatedAt = ?3 where id = ?4 and state = ?5",
                UploadSession.COMPLETING, claim, now, id, UploadSession.OPEN) == 1
                || UploadSession.update(
                        "completionClaim = ?1, completionOffset = coalesce(completionOffset, offset), updatedAt = ?2 "
                                + "where id = ?3 and state = ?4 and updatedAt < ?5",
                        claim, now, id, UploadSession.COMPLETING, abandoned) == 1);
        if (!claimed) {
            find(id); // 404 when it completed meanwhile
            throw new ArchiveException(ErrorCode.UPLOAD_COMPLETING, "the session " + id + " is already being completed",
                    Map.of("retryAfterSeconds", Long.toString(Math.max(1, config.uploads().completionTakeover().toSeconds()))));
        }
        return claim;
    }

    private BlobIngest.Stored complete(UUID id, UUID claim, Digest expected, InputStream finalChunk, Optional<UUID> uploader)
            throws IOException {
        BlobIngest.Stored stored;
        try {
            PushbackInputStream rest = new PushbackInputStream(finalChunk, 1);
            int first = rest.read();
            if (first >= 0) {
                rest.unread(first);
                long from = rewind(id, claim, false);
                appendAt(id, from, Optional.empty(), rest, Optional.of(claim));
            }
            List<UploadChunk> chunks = QuarkusTransaction.requiringNew().call(() -> UploadChunk.ofSession(id));
            stored = assembled(id, chunks, expected, uploader).orElse(null);
            if (stored == null) {
                try (InputStream all = new SequenceInputStream(opening(chunks))) {
                    stored = ingest.ingest(all, Optional.of(expected), uploader);
                }
            }
        } catch (ArchiveException e) {
            if (e.errorCode() == ErrorCode.DIGEST_MISMATCH) {
                discard(id, Optional.of(claim));
            } else {
                putBack(id, claim, e);
            }
            throw e;
        } catch (UncheckedIOException e) {
            putBack(id, claim, e.getCause());
            throw e.getCause();
        } catch (IOException | RuntimeException e) {
            putBack(id, claim, e);
            throw e;
        }
        discard(id, Optional.of(claim)); // a completion taken over leaves the session to the one that took it
        return stored;
    }

    /**
     * Completes with the digest the chunks' carried state gives, the bytes assembled where they are (a rename, or a
     * server-side composition): nothing is read or written again. Empty when the state was not carried all along, or the
     * driver cannot assemble these chunks; the caller then streams them through the ingest.
     */
    private Optional<BlobIngest.Stored> assembled(UUID id, List<UploadChunk> chunks, Digest expected, Optional<UUID> uploader)
            throws IOException {
        if (chunks.isEmpty() || chunks.get(chunks.size() - 1).hashState == null) {
            return Optional.empty();
        }
        long end = 0;
        for (UploadChunk chunk : chunks) {
            if (chunk.key.startOffset != end) {
                return Optional.empty(); // a gap (LFS parts still missing): the stream through the ingest tells what is wrong
            }
            end += chunk.size;
        }
        Digest actual = Sha256State.restore(chunks.get(chunks.size() - 1).hashState).digest();
        if (!actual.equals(expected)) {
            throw BlobIngest.mismatch(actual, expected);
        }
        List<StoredObject> pieces = chunks.stream().map(chunk -> new StoredObject(chunk.storageKey, chunk.size, null)).toList();
        Optional<Pending> assembled = store.assemble(pieces, StorageLayout.blob(actual));
        if (assembled.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ingest.adopt(assembled.get(), actual, uploader));
    }

    /** After a failed completion, gives the session back as it was before; a failure to do so goes with the first one. */
    private void putBack(UUID id, UUID claim, Exception failure) {
        try {
            rewind(id, claim, true);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Drops the chunks a completion appended after {@code completionOffset} (its own final chunk, or a dead completion's)
     * and, when {@code reopen}, gives the session back to appends. Only while {@code claim} holds the session.
     *
     * @return the offset the session is back at
     */
    private long rewind(UUID id, UUID claim, boolean reopen) throws IOException {
        record Rewound(long offset, List<UploadChunk> dropped) {
        }
        Rewound rewound = QuarkusTransaction.requiringNew().call(() -> {
            UploadSession session = UploadSession.findById(id);
            if (session == null || !claim.equals(session.completionClaim)) {
                return null;
            }
            long offset = session.completionOffset == null ? session.offset : session.completionOffset;
            List<UploadChunk> dropped = UploadChunk.<UploadChunk>list("key.sessionId = ?1 and key.startOffset >= ?2", id, offset);
            dropped.forEach(UploadChunk::delete);
            UploadSession.update("offset = ?1, state = ?2, completionClaim = ?3, completionOffset = ?4 where id = ?5",
                    offset, reopen ? UploadSession.OPEN : UploadSession.COMPLETING, reopen ? null : claim, reopen ? null : offset, id);
            return new Rewound(offset, dropped);
        });
        if (rewound == null) {
            if (reopen) {
                return 0; // taken over or finished by another completion: the session is not this one's to put back
            }
            throw takenOver(id);
        }
        for (UploadChunk chunk : rewound.dropped()) {
            if (!chunk.storageKey.equals(StorageLayout.staged(id))) {
                store.delete(chunk.storageKey); // the staged object's dropped bytes go when the next chunk is written
            }
        }
        return rewound.offset();
    }

    /** Renews the claims of the completions running in this process, so no retry takes them over. */
    @Scheduled(every = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = StartupGate.Closed.class)
    void renewClaims() {
        claims.forEach((id, claim) -> QuarkusTransaction.requiringNew().run(() -> UploadSession.update(
                "updatedAt = ?1 where id = ?2 and completionClaim = ?3", Instant.now(), id, claim)));
    }

    /**
     * Stores part {@code grant.part()} of a multipart LFS upload at its offset. Parts may come in any order and in
     * parallel (the npm client sends several at once); a part sent again after it was stored (a retry) is accepted and
     * not stored twice. A part whose predecessor is recorded (they came in order, as {@code huggingface_hub} sends them)
     * goes on from its hash state and, where the driver appends in place, into the session's staged object; so the
     * completion of in-order parts, like a session's, neither reads nor writes the bytes again. Others are objects of
     * their own, hashed (and on the filesystem copied) at completion.
     *
     * @return the part's ETag
     */
    public String appendPart(UploadLinks.Grant grant, InputStream body) throws IOException {
        UUID id = grant.session().orElseThrow();
        long offset = (grant.part() - 1L) * grant.partSize();
        long length = Math.min(grant.partSize(), grant.size() - offset);
        UploadSession session = QuarkusTransaction.requiringNew().call(() -> UploadSession.<UploadSession>findById(id));
        if (session == null || !grant.uploader().equals(session.ownerId) || length <= 0) {
            throw new ArchiveException(ErrorCode.UPLOAD_NOT_FOUND, "no upload of " + grant.digest() + " in progress (it completed or expired)");
        }
        Target target = target(id, offset, true);
        String key = target.key();
        try (UploadsInProgress.Held held = inProgress.hold(key); Chunk chunk = target.chunk()) {
            if (target.inPlace() && QuarkusTransaction.requiringNew().call(() -> UploadChunk.count(
                    "key.sessionId = ?1 and key.startOffset = ?2", id, offset)) > 0) {
                return etag(grant, length); // a retry of a part stored already: the bytes past it are recorded, not to be cut
            }
            InputStream bounded = new BoundedInputStream(body, length + 1);
            Sha256InputStream hashing = target.hash().map(state -> new Sha256InputStream(bounded, state)).orElse(null);
            long size = chunk.write(hashing == null ? bounded : hashing);
            if (size != length) {
                chunk.drop();
                throw lengthMismatch(length, size);
            }
            byte[] state = hashing == null ? null : hashing.state().save();
            boolean recorded;
            try {
                recorded = QuarkusTransaction.requiringNew().call(() -> {
                    if (UploadChunk.count("key.sessionId = ?1 and key.startOffset = ?2", id, offset) > 0) {
                        return false;
                    }
                    Instant now = Instant.now();
                    int updated = UploadSession.update("updatedAt = ?1, expiresAt = ?2 where id = ?3 and state = ?4", now,
                            now.plus(config.uploads().expiry()), id, UploadSession.OPEN);
                    if (updated == 1) {
                        UploadChunk part = UploadChunk.of(id, offset, size, key);
                        part.hashState = state;
                        part.persist();
                    }
                    return updated == 1;
                });
            } catch (RuntimeException raced) {
                recorded = false; // the same part, recorded by a parallel retry meanwhile
            }
            if (!recorded) {
                chunk.drop();
                if (QuarkusTransaction.requiringNew().call(() -> UploadChunk.count("key.sessionId = ?1 and key.startOffset = ?2", id, offset)) == 0) {
                    throw new ArchiveException(ErrorCode.UPLOAD_COMPLETING, "the upload of " + grant.digest() + " is being completed and takes no more parts");
                }
            }
        }
        return etag(grant, length);
    }

    private static String etag(UploadLinks.Grant grant, long length) {
        return "\"" + grant.part() + "-" + length + "\"";
    }

    /**
     * Completes a multipart LFS upload through the same ingest as every upload: the bytes become a blob only if all parts
     * are there and they hash to the link's SHA-256; the uploader the link names is credited with them.
     */
    public BlobIngest.Stored completeParts(UploadLinks.Grant grant) throws IOException {
        UUID id = grant.session().orElseThrow();
        UploadSession session = QuarkusTransaction.requiringNew().call(() -> UploadSession.<UploadSession>findById(id));
        if (session == null || !grant.uploader().equals(session.ownerId)) {
            throw new ArchiveException(ErrorCode.UPLOAD_NOT_FOUND, "no upload of " + grant.digest() + " in progress (it completed or expired)");
        }
        long contiguous = QuarkusTransaction.requiringNew().call(() -> {
            long end = 0;
            for (UploadChunk chunk : UploadChunk.ofSession(id)) {
                if (chunk.key.startOffset != end) {
                    break;
                }
                end += chunk.size;
            }
            if (end == grant.size()) {
                UploadSession.update("offset = ?1 where id = ?2 and state = ?3", end, id, UploadSession.OPEN);
            }
            return end;
        });
        if (contiguous != grant.size()) {
            throw offsetMismatch(contiguous, "the parts hold the first " + contiguous + " of " + grant.size() + " bytes; send the missing parts first");
        }
        UUID claim = claim(id);
        claims.put(id, claim);
        try {
            return complete(id, claim, grant.digest(), InputStream.nullInputStream(), Optional.of(grant.uploader()));
        } finally {
            claims.remove(id, claim);
        }
    }

    /** Cancels the session and removes its data. */
    public void cancel(String raw) throws IOException {
        permissions.requireDepositor();
        UUID id = sessionId(raw);
        find(id);
        discard(id, Optional.empty());
    }

    /** Sessions past their expiry, but for those a completion is still working on (renewing its claim). */
    List<UUID> expired(Instant now) {
        Instant abandoned = now.minus(config.uploads().completionTakeover());
        return QuarkusTransaction.requiringNew().call(() -> UploadSession
                .<UploadSession>list("expiresAt < ?1 and (state = ?2 or updatedAt < ?3)", now, UploadSession.OPEN, abandoned)
                .stream().map(s -> s.id).toList());
    }

    /** Removes the session and its data; with a {@code claim}, only while that claim holds it. */
    void discard(UUID id, Optional<UUID> claim) throws IOException {
        List<UploadChunk> chunks = QuarkusTransaction.requiringNew().call(() -> {
            List<UploadChunk> found = UploadChunk.ofSession(id);
            long deleted = claim.isPresent() ? UploadSession.delete("id = ?1 and completionClaim = ?2", id, claim.get())
                    : UploadSession.deleteById(id) ? 1 : 0;
            return deleted == 1 ? found : List.<UploadChunk>of();
        });
        for (String key : chunks.stream().map(chunk -> chunk.storageKey).distinct().toList()) {
            store.delete(key);
        }
        if (store.appendsInPlace()) {
            store.delete(StorageLayout.staged(id)); // an append's bytes, when none was recorded
        }
    }

    private static ArchiveException takenOver(UUID id) {
        return new ArchiveException(ErrorCode.UPLOAD_COMPLETING, "the completion of session " + id + " was taken over by another");
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
                    UploadChunk chunk = it.next();
                    boolean staged = chunk.storageKey.equals(StorageLayout.staged(chunk.key.sessionId));
                    return store.get(chunk.storageKey, staged ? chunk.key.startOffset : 0, chunk.size);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
