package org.stele.domain.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.time.Instant;

/**
 * Who signed a version's files, as the archive verified it at publish: a key registered in the model's namespace
 * (its id, the hex SHA-256 of its PEM, and the label it had then) and the root digest of the statement it signed.
 * A version published without {@code model.sig} has none (every column null).
 */
@Embeddable
public record DepositorSignature(
        @Column(name = "signer_key_id") String keyId,
        @Column(name = "signer_key_label") String keyLabel,
        @Column(name = "signer_root_digest") String rootDigest,
        @Column(name = "signature_verified_at") Instant verifiedAt) {
}
