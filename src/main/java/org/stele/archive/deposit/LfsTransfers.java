package org.stele.archive.deposit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.stele.archive.access.Permissions;
import org.stele.archive.reading.BlobReads;
import org.stele.config.SteleConfig;
import org.stele.domain.ArchiveException;
import org.stele.domain.Digest;
import org.stele.domain.ErrorCode;
import org.stele.domain.catalog.Blob;
import org.stele.domain.catalog.Model;
import org.stele.domain.catalog.Role;
import org.stele.domain.catalog.Scope;
import org.stele.store.BoundedInputStream;

/**
 * Git LFS uploads for the Hub's write API, on the archive's one upload path: a whole object goes through
 * {@link BlobIngest}, a large one part by part through an {@link UploadSessions} session. Bytes are visible only once
 * they hash to the SHA-256 the link names. Bytes the archive holds already and the caller may use are not asked for.
 */
@ApplicationScoped
public class LfsTransfers {
    private final Permissions permissions;
    private final BlobIngest ingest;
    private final UploadSessions sessions;
    private final BlobReads reads;
    private final SteleConfig config;

    LfsTransfers(Permissions permissions, BlobIngest ingest, UploadSessions sessions, BlobReads reads, SteleConfig config) {
        this.permissions = permissions;
        this.ingest = ingest;
        this.sessions = sessions;
        this.reads = reads;
        this.config = config;
    }

    /** An object the client wants to upload. */
    public record Wanted(Digest digest, long size) {
    }

    /**
     * What the client must do for one object: nothing when the archive holds it; else PUT it whole, or in {@code parts}
     * of {@code partSize} bytes to {@code session}.
     */
    public record Plan(Digest digest, long size, boolean present, Optional<UUID> session, int parts, long partSize) {
    }

    /** Plans the uploads of a batch for a maintainer of the model (with a token that may write). */
    public List<Plan> plan(String namespace, String name, List<Wanted> objects) {
        permissions.requireModel(namespace, name, Role.maintainer, Scope.write);
        QuarkusTransaction.requiringNew().run(() -> Model.named(namespace, name));
        long partSize = config.hub().partSize().asLongValue();
        List<Plan> plans = new ArrayList<>();
        for (Wanted object : objects) {
            if (held(object)) {
                plans.add(new Plan(object.digest(), object.size(), true, Optional.empty(), 0, 0));
            } else if (object.size() > partSize) {
                UUID session = sessions.create().id;
                plans.add(new Plan(object.digest(), object.size(), false, Optional.of(session), (int) ((object.size() + partSize - 1) / partSize), partSize));
            } else {
                plans.add(new Plan(object.digest(), object.size(), false, Optional.empty(), 0, 0));
            }
        }
        return plans;
    }

    /** Whether the archive stores these bytes with this size and the caller may put them in a draft without sending them. */
    private boolean held(Wanted object) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Optional<Blob> blob = Blob.<Blob>findByIdOptional(object.digest().toString());
            if (blob.isEmpty() || blob.get().purgedAt != null || blob.get().size != object.size()) {
                return false;
            }
            try {
                reads.requireAttachable(object.digest());
                return true;
            } catch (ArchiveException unreachable) {
                return false; // held, but not the caller's to use: he proves he has the bytes by sending them
            }
        });
    }

    /** Stores a whole object sent to its link; more bytes than the link names are refused as they arrive. */
    public BlobIngest.Stored put(UploadLinks.Grant grant, InputStream body) throws IOException {
        BlobIngest.Stored stored = ingest.ingest(new BoundedInputStream(body, grant.size()), Optional.of(grant.digest()), Optional.of(grant.uploader()));
        if (stored.size() != grant.size()) {
            throw sizeMismatch(grant.digest(), grant.size(), stored.size());
        }
        return stored;
    }

    /** Stores one part of a multipart upload; returns its ETag. */
    public String putPart(UploadLinks.Grant grant, InputStream body) throws IOException {
        return sessions.appendPart(grant, body);
    }

    /** Completes a multipart upload: the parts become the object if they hash to its SHA-256. */
    public BlobIngest.Stored complete(UploadLinks.Grant grant) throws IOException {
        return sessions.completeParts(grant);
    }

    /** The client's check after an upload: the object is stored, with this size. */
    public void verify(String namespace, String name, Digest digest, long size) {
        permissions.requireModel(namespace, name, Role.maintainer, Scope.write);
        long stored = QuarkusTransaction.requiringNew().call(() -> Blob.<Blob>findByIdOptional(digest.toString())
                .filter(b -> b.purgedAt == null).map(b -> b.size).orElse(-1L));
        if (stored < 0) {
            throw new ArchiveException(ErrorCode.BLOB_NOT_FOUND, "the object " + digest.hex() + " was not uploaded (or not completely)");
        }
        if (stored != size) {
            throw sizeMismatch(digest, size, stored);
        }
    }

    static ArchiveException sizeMismatch(Digest digest, long declared, long stored) {
        return new ArchiveException(ErrorCode.SIZE_MISMATCH, "the object " + digest.hex() + " is " + stored + " bytes, not " + declared);
    }
}
