package org.stele.archive.signing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stele.config.ConfigurationProblem;
import org.stele.config.SteleConfig;

/**
 * A configured signing key Stele cannot use stops startup with one line naming the setting and the reason (Boot
 * prints it after "Stele cannot start: signing key:"), before anything is registered or signed.
 */
class ArchiveKeysConfigurationTest {
    @TempDir
    Path dir;

    @Test
    void aKeyThatIsNotPemIsNamedWithTheSettingItCameFrom() {
        ArchiveKeys keys = new ArchiveKeys(config(Optional.of("not a key"), Optional.empty(), Optional.empty()));
        assertThatThrownBy(keys::load).isInstanceOf(ConfigurationProblem.class)
                .hasMessage("the signing key in STELE_SIGNING_PRIVATE_KEY is not usable: "
                        + "no '-----BEGIN PRIVATE KEY-----' or '-----BEGIN EC PRIVATE KEY-----' block");
    }

    @Test
    void aMissingKeyFileIsNamed() {
        Path missing = dir.resolve("nowhere/private-key.pem");
        ArchiveKeys keys = new ArchiveKeys(config(Optional.empty(), Optional.of(missing), Optional.empty()));
        assertThatThrownBy(keys::load).isInstanceOf(ConfigurationProblem.class)
                .hasMessageStartingWith("the signing key in STELE_SIGNING_PRIVATE_KEY_FILE " + missing + " cannot be read");
    }

    @Test
    void aKeyFileWithAnotherKindOfKeyIsRefused() throws Exception {
        Path ed25519 = Files.writeString(dir.resolve("ed25519.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + "MC4CAQAwBQYDK2VwBCIEIBQ3Fk2Lw6S0J3Cf0x0wHk6kJ6rKtQ3S0S0S0S0S0S0S\n-----END PRIVATE KEY-----\n");
        ArchiveKeys keys = new ArchiveKeys(config(Optional.empty(), Optional.of(ed25519), Optional.empty()));
        assertThatThrownBy(keys::load).isInstanceOf(ConfigurationProblem.class)
                .hasMessageContaining("STELE_SIGNING_PRIVATE_KEY_FILE " + ed25519 + " is not usable: not an EC P-256 private key");
    }

    /** The few settings ArchiveKeys reads, the rest unused. */
    private SteleConfig config(Optional<String> pem, Optional<Path> file, Optional<Path> previous) {
        Map<String, Object> signing = Map.of("privateKey", pem, "privateKeyFile", file, "previousKeysDir", previous);
        SteleConfig.Signing signingConfig = (SteleConfig.Signing) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SteleConfig.Signing.class}, (proxy, method, args) -> signing.get(method.getName()));
        return (SteleConfig) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SteleConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "signing" -> signingConfig;
                    case "dataDir" -> dir;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
