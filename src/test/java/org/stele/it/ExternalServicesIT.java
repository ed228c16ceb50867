package org.stele.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stele.support.S3ProxyServer;
import org.stele.support.TestPostgres;

/**
 * The scaled-out configuration: an external PostgreSQL and an S3 server, each in its own process, and
 * several Stele replicas sharing them.
 */
class ExternalServicesIT {
    static final String TOKEN = "stele_it_admin_token";
    static TestPostgres postgres;
    static S3ProxyServer s3;

    @BeforeAll
    static void startServices() throws Exception {
        postgres = TestPostgres.start();
        s3 = S3ProxyServer.start();
    }

    @AfterAll
    static void stopServices() throws Exception {
        s3.close();
        postgres.close();
    }

    static Map<String, String> environment(Path dataDir, String bucket) {
        return environment(dataDir, bucket, postgres, s3);
    }

    /** The configuration of a Stele replica on the given external PostgreSQL and S3 server. */
    static Map<String, String> environment(Path dataDir, String bucket, TestPostgres postgres, S3ProxyServer s3) {
        Map<String, String> env = new HashMap<>();
        env.put("STELE_DATA_DIR", dataDir.toString());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl());
        if (postgres.username() != null) {
            env.put("QUARKUS_DATASOURCE_USERNAME", postgres.username());
            env.put("QUARKUS_DATASOURCE_PASSWORD", postgres.password());
        }
        env.put("STELE_STORAGE", "s3");
        env.put("STELE_S3_ENDPOINT", s3.endpoint());
        env.put("STELE_S3_BUCKET", bucket);
        env.put("STELE_S3_ACCESS_KEY", S3ProxyServer.ACCESS_KEY);
        env.put("STELE_S3_SECRET_KEY", S3ProxyServer.SECRET_KEY);
        env.put("STELE_ADMIN_TOKEN", TOKEN);
        return env;
    }

    @Test
    void dataSurvivesARestartAndSessionsMoveBetweenReplicas() throws Exception {
        Path dataDir = Files.createTempDirectory("stele-external");
        Map<String, String> env = environment(dataDir, "stele-it-replicas");
        ArchiveScenario scenario = new ArchiveScenario(TOKEN);
        try (SteleProcess stele = SteleProcess.start(env)) {
            assertThat(stele.output()).contains("PostgreSQL at " + postgres.jdbcUrl().replaceAll("\\?.*$", ""))
                    .contains("s3://stele-it-replicas")
                    .doesNotContain(TOKEN).doesNotContain(S3ProxyServer.SECRET_KEY);
            scenario.storeBlobAndBeginSession(stele);
            scenario.depositAndPublish(stele);
        }
        // Two replicas at once: the session begun before the restart continues on one and completes on the other.
        try (SteleProcess first = SteleProcess.start(env); SteleProcess second = SteleProcess.start(env)) {
            assertThat(scenario.get(second, org.stele.support.Bytes.sha256(scenario.blob))).isEqualTo(scenario.blob);
            scenario.checkBlobAndFinishSession(first);
            scenario.checkPublished(second);
        }
        assertThat(dataDir.resolve("postgres")).doesNotExist();
        assertThat(dataDir.resolve("blobs")).doesNotExist();
    }

    @Test
    void jsonLogsCarryTheRequestId() throws Exception {
        Map<String, String> env = environment(Files.createTempDirectory("stele-json-logs"), "stele-it-json");
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true");
        try (SteleProcess stele = SteleProcess.start(env)) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            for (String[] call : new String[][] {
                    {"/api/v1/models", "{\"namespace\":\"json\",\"name\":\"logs\",\"title\":\"T\",\"license\":\"MIT\"}"},
                    {"/api/v1/models/json/logs/versions", "{\"version\":\"1\"}"},
                    {"/api/v1/models/json/logs/versions/1/files", "{\"path\":\"w.bin\",\"digest\":\"" + upload(stele) + "\"}"},
                    {"/api/v1/models/json/logs/versions/1/publish", ""}}) {
                var answer = http.send(java.net.http.HttpRequest.newBuilder(stele.uri(call[0]))
                        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                        .header("X-Request-Id", "it-json-42").POST(java.net.http.HttpRequest.BodyPublishers.ofString(call[1])).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 201);
                assertThat(answer.headers().firstValue("X-Request-Id")).hasValue("it-json-42");
            }
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            java.util.List<com.fasterxml.jackson.databind.JsonNode> lines = new java.util.ArrayList<>();
            for (String line : stele.output().split("\n")) {
                if (line.startsWith("{")) {
                    lines.add(json.readTree(line));
                }
            }
            assertThat(lines).anySatisfy(l -> assertThat(l.path("message").asText()).startsWith("Stele is up"));
            assertThat(lines).anySatisfy(l -> {
                assertThat(l.path("message").asText()).startsWith("published json/logs 1");
                assertThat(l.toString()).contains("it-json-42");
            });
            assertThat(stele.output()).doesNotContain(TOKEN);
        }
    }

    private static String upload(SteleProcess stele) throws Exception {
        var answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(stele.uri("/api/v1/blobs"))
                .header("Authorization", "Bearer " + TOKEN).POST(java.net.http.HttpRequest.BodyPublishers.ofString("weights")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return answer.body().replaceAll("(?s).*\"digest\":\"([^\"]+)\".*", "$1");
    }

    @Test
    void wrongS3CredentialsStopStartupWithOneClearLine() throws Exception {
        Map<String, String> env = environment(Files.createTempDirectory("stele-bad-s3"), "stele-it-bad");
        env.put("STELE_S3_SECRET_KEY", "wrong-secret");
        try (SteleProcess stele = SteleProcess.launch(env)) {
            assertThat(stele.awaitExit(60)).isNotZero();
            assertThat(stele.output()).contains("Stele cannot start: storage: S3 bucket stele-it-bad").doesNotContain("\tat ");
        }
    }

    @Test
    void anUnreachableDatabaseStopsStartupWithOneClearLine() throws Exception {
        Map<String, String> env = environment(Files.createTempDirectory("stele-bad-db"), "stele-it-bad");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + S3ProxyServer.freePort() + "/stele");
        try (SteleProcess stele = SteleProcess.launch(env)) {
            assertThat(stele.awaitExit(60)).isNotZero();
            assertThat(stele.output()).contains("Stele cannot start: database:").contains("Connection refused")
                    .doesNotContain("\tat ");
        }
    }
}
