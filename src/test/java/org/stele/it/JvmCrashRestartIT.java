package org.stele.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * Restart after a crash of the JVM alone (kill -9 of java, as the OOM killer does): the embedded PostgreSQL lives on
 * as an orphan holding the data directory, and the very next start must stop it and come up, with every acknowledged
 * write in place. A supervisor (systemd, a container runtime) restarts once; a second try is not a fix.
 */
@DisabledIfSystemProperty(named = "stele-test.jdbc-url", matches = ".+", disabledReason = "the embedded default is the same in the external-PostgreSQL run")
class JvmCrashRestartIT {
    private static final String TOKEN = "stele_it_jvm_crash_token";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theFirstStartAfterTheJvmAloneWasKilledComesUpWithEveryAcknowledgedWrite() throws Exception {
        Path dataDir = Files.createTempDirectory("stele-jvm-crash");
        Map<String, String> env = Map.of("STELE_DATA_DIR", dataDir.toString(), "STELE_ADMIN_TOKEN", TOKEN);
        EmbeddedDatabase database = new EmbeddedDatabase(dataDir);
        byte[] weights = "weights acknowledged before the crash".getBytes(StandardCharsets.UTF_8);
        List<ProcessHandle> orphans;
        SteleProcess crashed = SteleProcess.start(env);
        try {
            crashed.send(TOKEN, "POST", "/api/v1/models", "{\"namespace\":\"lab\",\"name\":\"orphan\",\"title\":\"Orphan\",\"license\":\"MIT\"}", 201);
            crashed.send(TOKEN, "POST", "/api/v1/models/lab/orphan/versions", "{\"version\":\"1.0\"}", 201);
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(crashed.uri("/api/v1/models/lab/orphan/versions/1.0/files/model.bin"))
                    .header("Authorization", "Bearer " + TOKEN).PUT(HttpRequest.BodyPublishers.ofByteArray(weights)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
            crashed.send(TOKEN, "POST", "/api/v1/models/lab/orphan/versions/1.0/publish", "", 200);
            orphans = database.processes();
            crashed.killJvm();
        } catch (Exception | AssertionError e) {
            crashed.kill(database.processes());
            throw e;
        }
        try {
            assertThat(orphans).as("the embedded PostgreSQL outlives its JVM").first().matches(ProcessHandle::isAlive);
            try (SteleProcess restarted = SteleProcess.start(env)) {
                assertThat(restarted.output()).contains("Stele: stopped the embedded PostgreSQL (pid " + orphans.get(0).pid() + ")");
                assertThat(restarted.send(TOKEN, "GET", "/api/v1/models/lab/orphan/versions/1.0", null, 200)).contains("\"state\":\"published\"");
                HttpResponse<byte[]> file = http.send(HttpRequest.newBuilder(restarted.uri("/api/v1/models/lab/orphan/versions/1.0/files/model.bin"))
                        .build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(file.statusCode()).isEqualTo(200);
                assertThat(file.body()).isEqualTo(weights);
                assertThat(orphans).as("the orphan is gone, not left beside the new database").noneMatch(ProcessHandle::isAlive);
            }
        } finally {
            orphans.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
