package org.stele.archive.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stele.domain.signing.EcKeys;
import org.stele.support.Clients;

/** Private keys as operators make them with openssl, read back with the public key openssl derives from them. */
class PrivateKeyPemTest {
    @TempDir
    Path dir;

    @Test
    void readsSec1AndPkcs8KeysFromOpensslWithTheirPublicKey() throws Exception {
        Clients.require(Clients.exists("/usr/bin/openssl"), "openssl");
        Path sec1 = dir.resolve("sec1.pem");
        Path pkcs8 = dir.resolve("pkcs8.pem");
        Path pub = dir.resolve("pub.pem");
        // The README of model_signing makes keys this way (SEC1); genpkey writes PKCS#8.
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", sec1.toString());
        openssl("ec", "-in", sec1.toString(), "-pubout", "-out", pub.toString());
        openssl("pkcs8", "-topk8", "-nocrypt", "-in", sec1.toString(), "-out", pkcs8.toString());

        String expected = Files.readString(pub);
        for (Path file : new Path[] {sec1, pkcs8}) {
            KeyPair pair = PrivateKeyPem.read(Files.readString(file));
            assertThat(EcKeys.pem(pair.getPublic())).isEqualTo(expected);
            byte[] data = "signed".getBytes();
            assertThat(EcKeys.verify((ECPublicKey) pair.getPublic(),
                    EcKeys.sign(pair.getPrivate(), (ECPublicKey) pair.getPublic(), data), data)).isTrue();
        }
    }

    @Test
    void aGeneratedKeyRoundTrips() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        KeyPair read = PrivateKeyPem.read(PrivateKeyPem.write((ECPrivateKey) pair.getPrivate()));
        assertThat(read.getPublic().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
    }

    @Test
    void refusesWhatIsNotAP256PrivateKey() throws Exception {
        assertThatThrownBy(() -> PrivateKeyPem.read("hello")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BEGIN PRIVATE KEY");
        assertThatThrownBy(() -> PrivateKeyPem.read("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an EC P-256 private key");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        String p384 = PrivateKeyPem.write((ECPrivateKey) generator.generateKeyPair().getPrivate());
        assertThatThrownBy(() -> PrivateKeyPem.read(p384)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("P-256");
    }

    private static void openssl(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
    }
}
