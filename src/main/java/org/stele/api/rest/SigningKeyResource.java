package org.stele.api.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.stele.archive.signing.ArchiveKeys;

/** The archive's public signing keys, so anyone can check its signatures without trusting the server that serves them. */
@Path("/api/v1/signing-keys")
@Tag(name = "Preservation")
@Produces(MediaType.APPLICATION_JSON)
public class SigningKeyResource {
    private final ArchiveKeys keys;

    SigningKeyResource(ArchiveKeys keys) {
        this.keys = keys;
    }

    /** Every key the archive has signed with; the current one has no {@code notAfter}. */
    @Schema(name = "SigningKeys")
    public record Keys(List<Key> keys) {
    }

    /** One public key and the period it signed in. */
    @Schema(name = "SigningKey")
    public record Key(@Schema(description = "hex SHA-256 of publicKeyPem") String id,
            @Schema(description = "ecdsa-p256-sha256") String algorithm, String publicKeyPem,
            @Schema(description = "when it became the current key; null for a previous key given by configuration")
            Instant notBefore,
            @Schema(description = "when it was retired; null for the current key") Instant notAfter) {
    }

    @GET
    @Operation(operationId = "listSigningKeys", summary = "The archive's public signing keys",
            description = "Every key that signed version signatures and stored documents: id (the hex SHA-256 of the PEM, "
            + "as a Sigstore bundle's publicKey.hint and a document signature's keyid name it), algorithm, PEM, and the "
            + "period it signed in; notAfter is null for the current key. Retired keys stay listed so old signatures "
            + "keep verifying.")
    public Keys list() {
        return new Keys(keys.list().stream().map(k -> new Key(k.id(), k.algorithm(), k.publicKeyPem(), k.notBefore(), k.notAfter()))
                .toList());
    }
}
