package org.stele.archive.signing;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.stele.config.ConfigurationProblem;
import org.stele.config.SteleConfig;
import org.stele.domain.Timestamps;
import org.stele.domain.catalog.SigningKey;
import org.stele.domain.signing.EcKeys;

/**
 * The archive's signing keys. The current one comes from configuration (a PEM file or PEM text, e.g. a Kubernetes
 * Secret) or, in the embedded default, from {@code signing/private-key.pem} under the data directory, generated at first
 * start (mode 0600) and reused after. The catalog remembers every public key the archive has signed with: when the key
 * changes, the old one is kept with the instant it was retired, so signatures it made keep verifying.
 */
@ApplicationScoped
public class ArchiveKeys {
    /** The signature algorithm of every archive key: ECDSA on P-256 with SHA-256. */
    public static final String ALGORITHM = "ecdsa-p256-sha256";
    /** The key file of the embedded default, under the data directory. */
    public static final String KEY_FILE = "signing/private-key.pem";
    private static final Logger LOG = Logger.getLogger(ArchiveKeys.class);

    private final SteleConfig config;
    private volatile Current current;

    ArchiveKeys(SteleConfig config) {
        this.config = config;
    }

    /** The key the archive signs with now; {@code id} is the hex SHA-256 of its public PEM. */
    public record Current(String id, PrivateKey privateKey, ECPublicKey publicKey) {
    }

    /** A public key as listed to readers; {@code notAfter} null for the current key. */
    public record Listed(String id, String algorithm, String publicKeyPem, Instant notBefore, Instant notAfter) {
    }

    /**
     * Loads (or, in the embedded default, creates) the current key and registers it and any configured previous keys
     * in the catalog. Called once at startup; a key that cannot be read is a {@link ConfigurationProblem} naming it.
     */
    public void load() {
        KeyPair pair = currentPair();
        ECPublicKey publicKey = (ECPublicKey) pair.getPublic();
        String id = EcKeys.hint(publicKey);
        List<String> previous = previousKeys();
        QuarkusTransaction.requiringNew().run(() -> register(id, EcKeys.pem(publicKey), previous));
        current = new Current(id, pair.getPrivate(), publicKey);
        LOG.infof("signing with archive key %s", id);
    }

    /** The current key; {@link #load()} ran at startup. */
    public Current current() {
        Current key = current;
        if (key == null) {
            throw new IllegalStateException("the archive's signing key is not loaded yet");
        }
        return key;
    }

    /** Every key the archive has signed with, the current one first. */
    public List<Listed> list() {
        return QuarkusTransaction.joiningExisting().call(() -> SigningKey.all().stream()
                .map(k -> new Listed(k.id, k.algorithm, k.publicKeyPem, k.notBefore, k.notAfter)).toList());
    }

    /** The public key of {@code id}, current or retired; empty when the archive never signed with it. */
    public Optional<ECPublicKey> publicKey(String id) {
        Current key = current;
        if (key != null && key.id().equals(id)) {
            return Optional.of(key.publicKey());
        }
        return QuarkusTransaction.joiningExisting().call(() -> Optional.ofNullable(SigningKey.<SigningKey>findById(id)))
                .map(k -> EcKeys.parsePem(k.publicKeyPem));
    }

    private KeyPair currentPair() {
        SteleConfig.Signing signing = config.signing();
        if (signing.privateKey().isPresent() && !signing.privateKey().get().isBlank()) {
            return read(signing.privateKey().get(), "STELE_SIGNING_PRIVATE_KEY");
        }
        if (signing.privateKeyFile().isPresent()) {
            Path file = signing.privateKeyFile().get();
            return read(readFile(file, "STELE_SIGNING_PRIVATE_KEY_FILE " + file), "STELE_SIGNING_PRIVATE_KEY_FILE " + file);
        }
        Path file = config.dataDir().resolve(KEY_FILE);
        if (Files.exists(file)) {
            KeyPair pair = read(readFile(file, file.toString()), file.toString());
            writePublicKey(file, pair);
            return pair;
        }
        return generate(file);
    }

    /** The public half beside the embedded key, for operators; rewritten when the key file was swapped. */
    private static void writePublicKey(Path file, KeyPair pair) {
        Path pub = file.resolveSibling("public-key.pem");
        String pem = EcKeys.pem(pair.getPublic());
        try {
            if (!Files.exists(pub) || !Files.readString(pub, StandardCharsets.US_ASCII).equals(pem)) {
                Files.writeString(pub, pem, StandardCharsets.US_ASCII);
            }
        } catch (IOException e) {
            LOG.warnf("could not write %s (the key is listed at /api/v1/signing-keys all the same): %s", pub, e.getMessage());
        }
    }

    private static KeyPair read(String pem, String where) {
        try {
            return PrivateKeyPem.read(pem);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationProblem("the signing key in " + where + " is not usable: " + e.getMessage());
        }
    }

    private static String readFile(Path file, String where) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | SecurityException e) {
            throw new ConfigurationProblem("the signing key in " + where + " cannot be read (" + e + ")");
        }
    }

    /** A new P-256 key, written readable by its owner only before it is moved into place, so no one ever sees it open. */
    private static KeyPair generate(Path file) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".new");
            Files.deleteIfExists(temporary);
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, PrivateKeyPem.write((ECPrivateKey) pair.getPrivate()), StandardCharsets.US_ASCII);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file);
            }
            writePublicKey(file, pair);
            LOG.infof("generated the archive's signing key in %s", file.toAbsolutePath().normalize());
            return pair;
        } catch (GeneralSecurityException | IOException | UnsupportedOperationException e) {
            throw new ConfigurationProblem("could not create the signing key " + file + " (" + e + ")");
        }
    }

    /** The PEMs of the configured previous keys. */
    private List<String> previousKeys() {
        Optional<Path> dir = config.signing().previousKeysDir();
        if (dir.isEmpty()) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir.get())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".pem")).sorted().map(f -> {
                String pem = readFile(f, f.toString());
                try {
                    return EcKeys.pem(EcKeys.parsePem(pem));
                } catch (IllegalArgumentException e) {
                    throw new ConfigurationProblem("the previous signing key " + f + " is not usable: " + e.getMessage());
                }
            }).toList();
        } catch (IOException e) {
            throw new ConfigurationProblem("STELE_SIGNING_PREVIOUS_KEYS_DIR " + dir.get() + " cannot be read (" + e + ")");
        }
    }

    /** The current key becomes the one without an end; any other that had none is retired now. */
    private static void register(String id, String pem, List<String> previous) {
        Instant now = Timestamps.now();
        for (String old : previous) {
            String oldId = EcKeys.hint(EcKeys.parsePem(old));
            if (!oldId.equals(id) && SigningKey.findById(oldId) == null) {
                persist(oldId, old, null, now);
            }
        }
        SigningKey.<SigningKey>list("notAfter is null and id <> ?1", id).forEach(k -> k.notAfter = now);
        SigningKey key = SigningKey.findById(id);
        if (key == null) {
            persist(id, pem, now, null);
        } else if (key.notAfter != null) {
            key.notAfter = null; // an old key brought back into use
        }
    }

    private static void persist(String id, String pem, Instant notBefore, Instant notAfter) {
        SigningKey key = new SigningKey();
        key.id = id;
        key.algorithm = ALGORITHM;
        key.publicKeyPem = pem;
        key.notBefore = notBefore;
        key.notAfter = notAfter;
        key.persist();
    }
}
