package org.stele.archive.signing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stele.archive.access.Actor;
import org.stele.archive.access.AuditTrail;
import org.stele.archive.access.Permissions;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;
import org.stele.domain.Timestamps;
import org.stele.domain.catalog.AccountChanged;
import org.stele.domain.catalog.DepositorSigningKey;
import org.stele.domain.catalog.Namespace;
import org.stele.domain.catalog.Role;
import org.stele.domain.catalog.Scope;
import org.stele.domain.signing.EcKeys;
import org.stele.domain.signing.SignatureFormatException;

/**
 * The public keys a namespace's owners register so that {@code model.sig} files signed with them verify at publish
 * ({@link DepositorSignatures}). Owners add and revoke them; every member may list them.
 */
@ApplicationScoped
public class DepositorKeys {
    private static final int MAX_LABEL = 200;

    private final Permissions permissions;
    private final AuditTrail audit;
    private final Actor actor;

    private final Event<AccountChanged> changed;

    DepositorKeys(Permissions permissions, AuditTrail audit, Actor actor, Event<AccountChanged> changed) {
        this.changed = changed;
        this.permissions = permissions;
        this.audit = audit;
        this.actor = actor;
    }

    /**
     * A registered key as the API shows it. {@code id} is the hex SHA-256 of the PEM as {@code openssl ec -pubout}
     * writes it: the {@code publicKey.hint} of the bundles it signs.
     */
    public record DepositorKey(String id, String namespace, String algorithm, String label, String publicKeyPem, Instant addedAt,
            String addedBy, Instant revokedAt, String revokedBy) {
        static DepositorKey of(DepositorSigningKey k) {
            return new DepositorKey(k.key.id, k.key.namespace, k.algorithm, k.label, k.publicKeyPem, k.addedAt, k.addedBy,
                    k.revokedAt, k.revokedBy);
        }
    }

    /** Registers {@code pem} (an EC public key on P-256, P-384 or P-521) for {@code namespace}. */
    @Transactional
    public DepositorKey register(String namespace, String pem, String label) {
        permissions.requireNamespace(namespace, Role.owner, Scope.write);
        String ns = existing(namespace);
        ECPublicKey key;
        try {
            key = EcKeys.parsePem(pem);
        } catch (SignatureFormatException e) {
            throw new ArchiveException(ErrorCode.INVALID_SIGNING_KEY, "publicKeyPem must be a PEM public key "
                    + "(-----BEGIN PUBLIC KEY-----) on P-256, P-384 or P-521, as `openssl ec -pubout` writes it: " + e.getMessage());
        }
        String cleanLabel = label == null ? "" : label.strip();
        if (cleanLabel.length() > MAX_LABEL) {
            throw new ArchiveException(ErrorCode.INVALID_SIGNING_KEY, "a key's label is at most " + MAX_LABEL + " characters");
        }
        String id = EcKeys.hint(key);
        Optional<DepositorSigningKey> existing = DepositorSigningKey.of(ns, id);
        if (existing.isPresent()) {
            throw new ArchiveException(ErrorCode.SIGNING_KEY_EXISTS, "the key " + id + " is registered in " + ns
                    + (existing.get().revoked() ? " and was revoked; a revoked key stays revoked, make a new one" : " already"));
        }
        DepositorSigningKey row = new DepositorSigningKey();
        row.key = new DepositorSigningKey.Key(ns, id);
        row.publicKeyPem = EcKeys.pem(key); // the canonical PEM, whose SHA-256 is the id, whatever line breaks were sent
        row.algorithm = algorithm(key);
        row.label = cleanLabel;
        row.addedAt = Timestamps.now();
        row.addedBy = actor.name();
        row.persist();
        audit.record("signing_key.added", "signing-key:" + id, Optional.of(ns), Map.of("id", id, "label", cleanLabel,
                "algorithm", row.algorithm));
        changed.fire(AccountChanged.ofNamespace(ns)); // the namespace's stored document carries its keys
        return DepositorKey.of(row);
    }

    /** The namespace's keys, revoked ones included, oldest first. */
    @Transactional
    public List<DepositorKey> list(String namespace) {
        permissions.requireNamespace(namespace, Role.reader, Scope.read);
        return DepositorSigningKey.ofNamespace(existing(namespace)).stream().map(DepositorKey::of).toList();
    }

    /** Revokes a key: kept and shown, but it verifies no new publish. Revoking a revoked key changes nothing. */
    @Transactional
    public DepositorKey revoke(String namespace, String id) {
        permissions.requireNamespace(namespace, Role.owner, Scope.write);
        String ns = existing(namespace);
        DepositorSigningKey row = DepositorSigningKey.of(ns, id == null ? "" : id.toLowerCase(java.util.Locale.ROOT))
                .orElseThrow(() -> new ArchiveException(ErrorCode.SIGNING_KEY_NOT_FOUND, "no signing key " + id + " in " + ns));
        if (!row.revoked()) {
            row.revokedAt = Timestamps.now();
            row.revokedBy = actor.name();
            audit.record("signing_key.revoked", "signing-key:" + row.key.id, Optional.of(ns), Map.of("id", row.key.id,
                    "label", row.label));
            changed.fire(AccountChanged.ofNamespace(ns));
        }
        return DepositorKey.of(row);
    }

    /** E.g. {@code ecdsa-p256-sha256}: the curve, and the hash model_signing pairs with it. */
    static String algorithm(ECPublicKey key) {
        return switch (key.getParams().getCurve().getField().getFieldSize()) {
            case 256 -> "ecdsa-p256-sha256";
            case 384 -> "ecdsa-p384-sha384";
            default -> "ecdsa-p521-sha512";
        };
    }

    private static String existing(String namespace) {
        return Namespace.byName(namespace).map(n -> n.name)
                .orElseThrow(() -> new ArchiveException(ErrorCode.NAMESPACE_NOT_FOUND, "no namespace " + namespace));
    }
}
