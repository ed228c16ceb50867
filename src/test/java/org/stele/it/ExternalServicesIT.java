package org.stele.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stele.support.S3ProxyServer;

/**
 * The scaled-out configuration: an external PostgreSQL and an S3 server, each in its own process, and
 * several Stele replicas sharing them.
 */
class ExternalServicesIT {
    static final String TOKEN = "stele_it_admin_token";
    static EmbeddedPostgres postgres;
    static S3ProxyServer s3;

    @BeforeAll
    static void startServices() throws Exception {
        postgres = EmbeddedPostgres.start();
        s3 = S3ProxyServer.start();
    }

    @AfterAll
    static void stopServices() throws Exception {
        s3.close();
        postgres.close();
    }

    static Map<String, String> environment(Path dataDir, String bucket) {
        Map<String, String> env = new HashMap<>();
        env.put("STELE_DATA_DIR", dataDir.toString());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.getJdbcUrl("postgres", "postgres"));
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
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
            assertThat(stele.output()).contains("PostgreSQL at " + postgres.getJdbcUrl("postgres", "postgres"))
                    .contains("s3://stele-it-replicas");
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
