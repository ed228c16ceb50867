package org.stele.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/** The zero-configuration default: embedded PostgreSQL and filesystem blobs under one data directory. */
@DisabledIfSystemProperty(named = "stele-test.jdbc-url", matches = ".+", disabledReason = "the embedded default is the same in the external-PostgreSQL run")
class EmbeddedDefaultIT {

    @Test
    void dataAndUploadSessionsSurviveARestart() throws Exception {
        Path dataDir = Files.createTempDirectory("stele-embedded");
        Map<String, String> env = Map.of("STELE_DATA_DIR", dataDir.toString());
        Path tokenFile = dataDir.resolve("admin-token");
        ArchiveScenario scenario;
        String keysBefore;
        try (SteleProcess stele = SteleProcess.start(env)) {
            assertThat(Files.getPosixFilePermissions(tokenFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            String token = Files.readString(tokenFile).trim();
            assertThat(token).startsWith("stele_").hasSize("stele_".length() + 64);
            assertThat(stele.output()).contains("Stele is up").contains("embedded PostgreSQL in " + dataDir.resolve("postgres"))
                    .contains(tokenFile.toString());
            scenario = new ArchiveScenario(token);
            scenario.storeBlobAndBeginSession(stele);
            scenario.depositAndPublish(stele);
            assertThat(Files.getPosixFilePermissions(dataDir.resolve("signing/private-key.pem")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            keysBefore = get(stele, "/api/v1/signing-keys");
            assertThat(keysBefore).contains("\"notAfter\":null");
        }
        String tokenBefore = Files.readString(tokenFile);
        try (SteleProcess stele = SteleProcess.start(env)) {
            assertThat(Files.readString(tokenFile)).isEqualTo(tokenBefore);
            // The same signing key, not a new one retiring the old.
            assertThat(get(stele, "/api/v1/signing-keys")).isEqualTo(keysBefore);
            scenario.checkBlobAndFinishSession(stele);
            scenario.checkPublished(stele);
        }
        assertThat(Files.isDirectory(dataDir.resolve("blobs/blobs/sha256"))).isTrue();
    }

    @Test
    void anUnusableSigningKeyStopsStartupWithOneClearLine() throws Exception {
        Path dataDir = Files.createTempDirectory("stele-bad-key");
        Path key = Files.writeString(dataDir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        try (SteleProcess stele = SteleProcess.launch(Map.of("STELE_DATA_DIR", dataDir.toString(),
                "STELE_SIGNING_PRIVATE_KEY_FILE", key.toString()))) {
            assertThat(stele.awaitExit(120)).isNotZero();
            assertThat(stele.output()).contains("Stele cannot start: signing key: the signing key in STELE_SIGNING_PRIVATE_KEY_FILE "
                    + key + " is not usable: not an EC P-256 private key").doesNotContain("\tat ");
        }
    }

    private static String get(SteleProcess stele, String path) throws Exception {
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(stele.uri(path)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        return answer.body();
    }

    @Test
    void aRevokedAdminTokenInTheEnvironmentStopsStartupWithOneClearLine() throws Exception {
        Path dataDir = Files.createTempDirectory("stele-revoked-admin");
        String token = "stele_it_revoked_admin_token";
        Map<String, String> env = Map.of("STELE_DATA_DIR", dataDir.toString(), "STELE_ADMIN_TOKEN", token);
        HttpClient http = HttpClient.newHttpClient();
        String id;
        try (SteleProcess stele = SteleProcess.start(env)) {
            HttpResponse<String> tokens = http.send(HttpRequest.newBuilder(stele.uri("/api/v1/tokens"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            id = new ObjectMapper().readTree(tokens.body()).path("items").get(0).path("id").asText();
            HttpResponse<String> revoked = http.send(HttpRequest.newBuilder(stele.uri("/api/v1/tokens/" + id))
                    .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(204);
        }
        // Still configured, but revoked: neither applied again nor ignored.
        try (SteleProcess stele = SteleProcess.launch(env)) {
            assertThat(stele.awaitExit(120)).isNotZero();
            assertThat(stele.output()).contains("Stele cannot start: admin token: STELE_ADMIN_TOKEN is token " + id + ", revoked at")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void halfADataCiteConfigurationStopsStartupWithOneClearLineAndNoPassword() throws Exception {
        Path dataDir = Files.createTempDirectory("stele-half-datacite");
        try (SteleProcess stele = SteleProcess.launch(Map.of("STELE_DATA_DIR", dataDir.toString(),
                "STELE_DATACITE_URL", "https://api.test.datacite.org", "STELE_DATACITE_PASSWORD", "never-in-any-log-7"))) {
            assertThat(stele.awaitExit(120)).isNotZero();
            assertThat(stele.output()).contains("Stele cannot start: DataCite: DataCite registration also needs "
                    + "STELE_DATACITE_USERNAME, STELE_PUBLIC_BASE_URL").doesNotContain("never-in-any-log-7").doesNotContain("\tat ");
        }
    }

    @Test
    void anUnusableDataDirectoryStopsStartupWithOneClearLine() throws Exception {
        Path file = Files.createTempFile("not-a-directory", ".txt");
        try (SteleProcess stele = SteleProcess.launch(Map.of("STELE_DATA_DIR", file.resolve("data").toString()))) {
            assertThat(stele.awaitExit(60)).isNotZero();
            assertThat(stele.output()).contains("Stele cannot start: the embedded PostgreSQL under").doesNotContain("\tat ");
        }
    }
}
