package org.stele.archive.preservation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What storage keeps of a namespace, so a catalog rebuild restores it with its members and their roles, and the public
 * keys its owners registered to sign deposits (revoked ones too: versions they signed keep naming them).
 */
public record NamespaceDocument(String kind, String name, Instant createdAt, List<Member> members, List<SigningKey> signingKeys) {
    public static final String KIND = "namespace";

    /** A depositor's public key as registered; {@code revokedAt} null while it still verifies publishes. */
    public record SigningKey(String id, String algorithm, String label, String publicKeyPem, Instant addedAt, String addedBy,
            Instant revokedAt, String revokedBy) {
    }

    /** The keys, none for a document written before namespaces kept them. */
    public List<SigningKey> signingKeys() {
        return signingKeys == null ? List.of() : signingKeys;
    }

    /** A member by user id and (for a reader of the bucket) username, with his role and since when he has one. */
    public record Member(UUID user, String username, String role, Instant since) {
    }
}
