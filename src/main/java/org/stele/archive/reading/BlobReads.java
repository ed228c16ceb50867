package org.stele.archive.reading;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.stele.archive.access.Permissions;
import org.stele.archive.custody.BlobConditions;
import org.stele.config.SteleConfig;
import org.stele.domain.ArchiveException;
import org.stele.domain.Digest;
import org.stele.domain.IntegrityException;
import org.stele.domain.Timestamps;
import org.stele.store.BlobStore;
import org.stele.store.NoSuchObjectException;
import org.stele.store.StorageLayout;
import org.stele.store.VerifyingInputStream;

/**
 * Finds stored blobs and opens their bytes. Bytes known to be damaged are never handed out (500
 * {@code integrity_error}); whole reads are verified as they stream when {@code stele.verify-downloads} is on, and a
 * mismatch flags the blob so the next reader is refused up front and a repair follows.
 */
@ApplicationScoped
public class BlobReads {
    private static final Logger LOG = Logger.getLogger(BlobReads.class);

    private final BlobStore store;
    private final StoredBlobs blobs;
    private final Permissions permissions;
    private final BlobConditions conditions;
    private final CatalogCache cache;
    private final boolean verify;

    BlobReads(BlobStore store, StoredBlobs blobs, Permissions permissions, BlobConditions conditions, CatalogCache cache,
            SteleConfig config) {
        this.store = store;
        this.blobs = blobs;
        this.cache = cache;
        this.permissions = permissions;
        this.conditions = conditions;
        this.verify = config.verifyDownloads();
    }

    /**
     * Stored bytes as a reader finds them: the digest they hash to, their length, the damage on record (or null), and
     * whether every reader may have them now (so that nothing of this reader went into finding them).
     */
    public record Found(Digest digest, long size, BlobConditions.Outcome damage, boolean everyones) {
        /**
         * Refuses bytes known to be missing or corrupt (500 {@code integrity_error}), so that a HEAD does not announce
         * as servable what a GET would refuse.
         */
        public Found requireIntact() {
            Servability.requireIntact(digest, damage);
            return this;
        }

        private static Found of(Digest digest, StoredBlobs.Facts facts) {
            return new Found(digest, facts.size(), facts.damage(), facts.servability().open());
        }
    }

    /**
     * The blob, if this request may have its bytes now, as {@link Servability#requireBlob} decides; refusals of
     * damaged bytes come when they are opened (or by {@link Found#requireIntact()}).
     */
    public Found find(Digest digest) {
        StoredBlobs.Facts facts = facts(digest);
        if (facts == null) {
            Servability.requireBlob(digest, null, false, false); // 404, as for anyone
        }
        Servability.Blob rule = facts.servability();
        if (!rule.open()) {
            StoredBlobs.Reach reach = reach(digest);
            boolean admin = permissions.isAdmin();
            Servability.requireBlob(digest, rule, admin || reach.live() || (!rule.referenced() && reach.uploaded()),
                    admin || reach.held());
        }
        return Found.of(digest, facts);
    }

    /**
     * Lets a draft point at stored bytes the caller does not send: only bytes he could read by hash, or sent himself
     * once (which proved he holds them). Anyone else is refused as {@link #find} refuses him, and must upload the bytes,
     * which dedups.
     */
    public void requireAttachable(Digest digest) {
        if (!reach(digest).uploaded()) {
            find(digest);
        }
    }

    /**
     * The facts of a blob, null when none is stored. Facts of content everyone may read are cached until the catalog
     * changes; the others are not, for an embargo can end without any change to the catalog.
     */
    private StoredBlobs.Facts facts(Digest digest) {
        return cache.get(new FactsKey(digest), () -> {
            StoredBlobs.Facts facts = QuarkusTransaction.joiningExisting()
                    .call(() -> blobs.facts(digest, Timestamps.now()).orElse(null));
            return facts != null && facts.servability().everyones() ? CatalogCache.Computed.shared(facts, 128)
                    : CatalogCache.Computed.personal(facts);
        });
    }

    private record FactsKey(Digest digest) {
    }

    /** How far this request reaches the content through the namespaces it reads and its user's uploads. */
    private StoredBlobs.Reach reach(Digest digest) {
        return QuarkusTransaction.joiningExisting()
                .call(() -> blobs.reach(digest, permissions.readableNamespaces(), permissions.accountId()));
    }

    /**
     * Bytes a caller reached through a version, whose access was checked there; refused as {@link Found#requireIntact()}
     * refuses them. Open them with {@link #open(Found, long, long)}: the facts are looked up once.
     */
    public Found held(Digest digest) {
        StoredBlobs.Facts facts = facts(digest);
        if (facts == null) { // a version's file always has its blob row; without one the catalog itself is damaged
            throw Servability.damaged(digest, BlobConditions.Outcome.missing);
        }
        return Found.of(digest, facts).requireIntact();
    }

    /**
     * Opens {@code length} bytes of stored content from {@code offset}; the caller closes the stream. A read of the
     * whole content is verified as it streams (ranged reads cannot be: their bytes alone have no known digest).
     *
     * @throws ArchiveException 500 {@code integrity_error} when the bytes are known to be missing or corrupt
     */
    public InputStream open(Digest digest, long offset, long length) throws IOException {
        StoredBlobs.Facts facts = facts(digest);
        return open(facts == null ? null : Found.of(digest, facts), digest, offset, length, verify);
    }

    /** Opens bytes {@link #find} found for this request, as {@link #open(Digest, long, long)} does. */
    public InputStream open(Found blob, long offset, long length) throws IOException {
        return open(blob, blob.digest(), offset, length, verify);
    }

    /**
     * The whole of bytes found that every reader may have now, with no damage on record, when they are at most
     * {@code limit} bytes long: read and verified against their digest whatever {@code stele.verify-downloads} says,
     * so that they may be kept in memory and sent again to anyone until the catalog changes. Empty for any other bytes.
     *
     * @throws IntegrityException when the bytes prove damaged (they are flagged, as a download would flag them)
     */
    public Optional<byte[]> everyonesWhole(Found blob, int limit) throws IOException {
        if (!blob.everyones() || blob.damage() != null || blob.size() > limit) {
            return Optional.empty();
        }
        if (blob.size() == 0) {
            return Optional.of(new byte[0]); // no byte to prove; empty content is never opened (ContentResponses)
        }
        try (InputStream in = open(blob, blob.digest(), 0, blob.size(), true)) {
            return Optional.of(in.readAllBytes());
        }
    }

    private InputStream open(Found blob, Digest digest, long offset, long length, boolean verifying) throws IOException {
        if (blob != null) {
            Servability.requireIntact(digest, blob.damage());
        }
        InputStream in;
        try {
            in = store.get(StorageLayout.blob(digest), offset, length);
        } catch (NoSuchObjectException e) {
            flag(digest, new IntegrityException("no object at " + StorageLayout.blob(digest) + " in " + store.location(), true));
            throw Servability.damaged(digest, BlobConditions.Outcome.missing);
        }
        if (!verifying || offset != 0 || blob == null || (length >= 0 && length != blob.size())) {
            return in;
        }
        return new VerifyingInputStream(in, digest, blob.size(), damaged -> flag(digest, damaged));
    }

    /**
     * A link that hands the bytes out straight from storage for {@code lifetime}, bypassing this service and its
     * verification, or empty: only for intact bytes every caller may have by their digest (a link is a bearer link:
     * it must give no one what an anonymous reader could not fetch), and only where the store can sign links (S3).
     */
    public Optional<java.net.URI> presigned(Found blob, java.time.Duration lifetime) throws IOException {
        if (!blob.everyones() || blob.damage() != null) {
            return Optional.empty();
        }
        return store.presignedGet(StorageLayout.blob(blob.digest()), lifetime);
    }

    private void flag(Digest digest, IntegrityException damage) {
        try {
            conditions.record(digest, BlobConditions.Copy.primary,
                    damage.missing() ? BlobConditions.Outcome.missing : BlobConditions.Outcome.corrupt, damage.getMessage(), "download");
        } catch (RuntimeException e) {
            LOG.errorf("could not flag damaged blob %s (%s): %s", digest, damage.getMessage(), e.getMessage());
        }
        LOG.errorf("refused to serve %s: %s", digest, damage.getMessage());
    }

    /** Where opened bytes lie in a local file, so an answer can go out by the kernel's sendfile. */
    public record LocalRegion(java.nio.file.Path file, long offset, long length) {
    }

    /**
     * The local file region behind bytes {@link #open opened} unwatched from the filesystem store, closing the stream
     * (the region is read again by sendfile); empty, with the stream left open, for any other bytes.
     */
    public static Optional<LocalRegion> localRegion(InputStream content) throws IOException {
        if (content instanceof org.stele.store.filesystem.FileRegion region) {
            region.close();
            return Optional.of(new LocalRegion(region.file(), region.offset(), region.length()));
        }
        return Optional.empty();
    }
}
