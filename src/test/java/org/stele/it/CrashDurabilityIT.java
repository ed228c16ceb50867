package org.stele.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * DESIGN invariant 6 on the embedded default: the server and its PostgreSQL are killed with SIGKILL 0 to 100 ms after
 * a publish answered 200, three times over; after the restart every acknowledged publish is still published, and
 * every version record in storage belongs to a published version (no record of a version the catalog calls a draft).
 */
@DisabledIfSystemProperty(named = "stele-test.jdbc-url", matches = ".+", disabledReason = "the embedded default is the same in the external-PostgreSQL run")
class CrashDurabilityIT {
    private static final String TOKEN = "stele_it_crash_token";
    private static final long[] KILL_DELAYS_MS = {0, 30, 100};
    private static final int PUBLISHES_PER_ROUND = 2;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyAcknowledgedPublishSurvivesAKillOfServerAndDatabase() throws Exception {
        Path dataDir = Files.createTempDirectory("stele-crash");
        Map<String, String> env = Map.of("STELE_DATA_DIR", dataDir.toString(), "STELE_ADMIN_TOKEN", TOKEN);
        EmbeddedDatabase database = new EmbeddedDatabase(dataDir);
        List<String> acknowledged = new ArrayList<>();
        for (int round = 0; round < KILL_DELAYS_MS.length; round++) {
            SteleProcess stele = SteleProcess.start(env);
            try {
                if (round == 0) {
                    assertThat(database.show("fsync")).isEqualTo("on");
                    assertThat(database.show("synchronous_commit")).isEqualTo("on");
                    stele.send(TOKEN, "POST", "/api/v1/models", "{\"namespace\":\"lab\",\"name\":\"crash\",\"title\":\"Crash\",\"license\":\"MIT\"}", 201);
                }
                for (int i = 0; i < PUBLISHES_PER_ROUND; i++) {
                    String label = round + "." + i;
                    stele.send(TOKEN, "POST", "/api/v1/models/lab/crash/versions", "{\"version\":\"" + label + "\"}", 201);
                    byte[] bytes = ("weights of " + label).getBytes(StandardCharsets.UTF_8);
                    HttpResponse<String> put = http.send(HttpRequest.newBuilder(stele.uri("/api/v1/models/lab/crash/versions/" + label
                            + "/files/model.bin")).header("Authorization", "Bearer " + TOKEN)
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
                    stele.send(TOKEN, "POST", "/api/v1/models/lab/crash/versions/" + label + "/publish", "", 200);
                    acknowledged.add(label);
                }
                Thread.sleep(KILL_DELAYS_MS[round]);
            } finally {
                stele.kill(database.processes());
            }
        }
        try (SteleProcess stele = SteleProcess.start(env)) {
            for (String label : acknowledged) {
                JsonNode version = json.readTree(stele.send(TOKEN, "GET", "/api/v1/models/lab/crash/versions/" + label, null, 200));
                assertThat(version.path("state").asText()).as("version " + label + " after the crash").isEqualTo("published");
                assertThat(stele.send(TOKEN, "GET", "/pid/" + version.path("pid").asText(), null, 200)).contains("\"state\":\"published\"");
            }
            List<Path> records;
            try (Stream<Path> files = Files.walk(dataDir.resolve("blobs/records"))) {
                records = files.filter(p -> p.toString().endsWith(".json")).toList();
            }
            int versionRecords = 0;
            for (Path record : records) {
                JsonNode document = json.readTree(record.toFile());
                if (!"version".equals(document.path("kind").asText())) {
                    continue;
                }
                versionRecords++;
                String pid = document.path("pid").asText();
                String answer = stele.send(TOKEN, "GET", "/pid/" + pid, null, 200);
                assertThat(json.readTree(answer).path("state").asText()).as(record + " belongs to a published version")
                        .isEqualTo(document.path("state").asText()).isEqualTo("published");
            }
            assertThat(versionRecords).isEqualTo(acknowledged.size());
        }
    }
}
