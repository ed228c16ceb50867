package org.stele.archive;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.stele.domain.ApiToken;

/** Bearer tokens: checks them, and installs the first admin token. */
@ApplicationScoped
public class Tokens {
    static final String PREFIX = "stele_";
    /** The npm Hugging Face client sends only tokens starting with this; users prepend it to a Stele token. */
    static final String HUB_PREFIX = "hf_";
    private static final Logger LOG = Logger.getLogger(Tokens.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * The token named by an {@code Authorization: Bearer …} header, if it is one we issued, as is or with
     * {@code hf_} in front (the form Hugging Face clients need).
     */
    public Optional<ApiToken> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String secret = authorization.substring(7).trim();
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        // As is first: a configured admin token may itself start with hf_.
        return QuarkusTransaction.requiringNew().call(() -> ApiToken.findByHash(hash(secret))
                .or(() -> secret.startsWith(HUB_PREFIX) && secret.length() > HUB_PREFIX.length()
                        ? ApiToken.findByHash(hash(secret.substring(HUB_PREFIX.length()))) : Optional.empty()));
    }

    /**
     * At first start, installs the admin token: the configured one, or a generated one written once to
     * {@code tokenFile} (mode 0600). Later starts change nothing.
     */
    public void installAdminToken(Optional<String> configured, Path tokenFile) throws IOException {
        String secret = configured.filter(s -> !s.isBlank()).orElseGet(Tokens::generate);
        // Replicas starting together take turns (a transaction-scoped advisory lock): only the first installs one.
        boolean installed = QuarkusTransaction.requiringNew().call(() -> {
            ApiToken.getEntityManager().createNativeQuery("select pg_advisory_xact_lock(7365746)").getSingleResult();
            if (ApiToken.anyAdmin()) {
                return false;
            }
            ApiToken token = new ApiToken();
            token.id = UUID.randomUUID();
            token.name = "admin";
            token.tokenHash = hash(secret);
            token.admin = true;
            token.persist();
            return true;
        });
        if (!installed) {
            return;
        }
        if (configured.filter(s -> !s.isBlank()).isPresent()) {
            LOG.info("Admin token installed from STELE_ADMIN_TOKEN");
            return;
        }
        Files.createDirectories(tokenFile.getParent());
        Files.deleteIfExists(tokenFile);
        Files.createFile(tokenFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tokenFile, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        LOG.infof("Admin token generated and written to %s (shown nowhere else)", tokenFile.toAbsolutePath().normalize());
    }

    static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + HexFormat.of().formatHex(bytes);
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
