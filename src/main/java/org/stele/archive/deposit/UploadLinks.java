package org.stele.archive.deposit;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.stele.archive.signing.ArchiveKeys;
import org.stele.config.SteleConfig;
import org.stele.domain.ArchiveException;
import org.stele.domain.Digest;
import org.stele.domain.ErrorCode;

/**
 * Credentials carried by LFS upload links. Hugging Face clients call upload and completion links without
 * {@code Authorization}, so each link holds its own: an HMAC-SHA256 over what it allows (purpose, object, size, part,
 * session, uploader, expiry), never the user's token. The key is derived from the archive's signing key, which every
 * replica is given, so any replica accepts the links another handed out, and no state is kept per link.
 */
@ApplicationScoped
public class UploadLinks {
    /** What a link lets its holder do, once per object (and part). */
    public enum Purpose {
        /** PUT the whole object. */
        object,
        /** PUT one part of a multipart upload. */
        part,
        /** POST the completion of a multipart upload. */
        complete
    }

    /**
     * What a link grants.
     *
     * @param session the upload session of a multipart upload, absent for a single PUT
     * @param part    the part number (from 1), 0 unless {@code purpose} is {@link Purpose#part}
     */
    public record Grant(Purpose purpose, Digest digest, long size, Optional<UUID> session, int part, long partSize, UUID uploader,
            Instant expires) {
        private String signed() {
            return String.join("|", "stele-hf-lfs-v1", purpose.name(), digest.hex(), Long.toString(size),
                    session.map(UUID::toString).orElse("-"), Integer.toString(part), Long.toString(partSize), uploader.toString(),
                    Long.toString(expires.getEpochSecond()));
        }
    }

    private final ArchiveKeys keys;
    private final SteleConfig config;

    UploadLinks(ArchiveKeys keys, SteleConfig config) {
        this.keys = keys;
        this.config = config;
    }

    /** A grant expiring after the configured link lifetime. */
    public Grant grant(Purpose purpose, Digest digest, long size, Optional<UUID> session, int part, long partSize, UUID uploader) {
        Instant expires = Instant.now().plus(config.hub().uploadLinkExpiry());
        return new Grant(purpose, digest, size, session, part, partSize, uploader, Instant.ofEpochSecond(expires.getEpochSecond()));
    }

    /** The credential to put in a link's query: the grant and its MAC, URL-safe. */
    public String credential(Grant grant) {
        String payload = grant.signed();
        return encode(payload.getBytes(StandardCharsets.UTF_8)) + "." + encode(mac(payload));
    }

    /**
     * The grant a credential carries, if it is intact, unexpired and for {@code purpose} on {@code digest}; otherwise 403
     * {@code upload_link_invalid}, whatever the reason (a forger learns nothing).
     */
    public Grant check(String credential, Purpose purpose, Digest digest) {
        Grant grant = parse(credential).orElseThrow(UploadLinks::invalid);
        if (grant.purpose() != purpose || !grant.digest().equals(digest) || grant.expires().isBefore(Instant.now())) {
            throw invalid();
        }
        return grant;
    }

    private Optional<Grant> parse(String credential) {
        if (credential == null) {
            return Optional.empty();
        }
        int dot = credential.indexOf('.');
        try {
            String payload = new String(Base64.getUrlDecoder().decode(credential.substring(0, Math.max(dot, 0))), StandardCharsets.UTF_8);
            byte[] mac = Base64.getUrlDecoder().decode(credential.substring(dot + 1));
            if (dot <= 0 || !MessageDigest.isEqual(mac, mac(payload))) {
                return Optional.empty();
            }
            String[] f = payload.split("\\|", -1);
            if (f.length != 9 || !"stele-hf-lfs-v1".equals(f[0])) {
                return Optional.empty();
            }
            return Optional.of(new Grant(Purpose.valueOf(f[1]), Digest.parse("sha256:" + f[2]), Long.parseLong(f[3]),
                    "-".equals(f[4]) ? Optional.empty() : Optional.of(UUID.fromString(f[4])), Integer.parseInt(f[5]),
                    Long.parseLong(f[6]), UUID.fromString(f[7]), Instant.ofEpochSecond(Long.parseLong(f[8]))));
        } catch (IllegalArgumentException | ArchiveException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String payload) {
        try {
            // A key of its own for this purpose, derived from the shared signing key: a link MAC is never a signature.
            byte[] secret = MessageDigest.getInstance("SHA-256").digest(concat("stele hf upload links\n".getBytes(StandardCharsets.UTF_8),
                    keys.current().privateKey().getEncoded()));
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return hmac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static ArchiveException invalid() {
        return new ArchiveException(ErrorCode.UPLOAD_LINK_INVALID, "this upload link is not valid (forged, altered, expired or for other bytes);"
                + " ask the LFS batch endpoint for a new one");
    }
}
