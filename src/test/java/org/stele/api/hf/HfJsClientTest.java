package org.stele.api.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stele.api.hf.TinyModel.V2;
import static org.stele.api.hf.TinyModel.WEIGHTS_POINTER_OID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stele.support.Bytes;
import org.stele.support.Clients;
import org.stele.support.TestDatabase;

/**
 * The real npm client, {@code @huggingface/hub} (version pinned in src/test/hf-js/package-lock.json), run by
 * Node against this server: modelInfo, listFiles, fileDownloadInfo, downloadFile, downloadFileToCacheDir and
 * snapshotDownload, by label, by {@code main} and by commit id; every byte it downloads must hash to what the
 * archive holds. Needs node and {@code npm ci --prefix src/test/hf-js}; see {@link Clients}.
 */
@QuarkusTest
class HfJsClientTest {
    private static final Path CLIENT_DIR = Path.of("src/test/hf-js");
    private static TinyModel model;

    @TestHTTPResource("/")
    URL base;

    private final ObjectMapper json = new ObjectMapper();
    private final List<Path> outputs = new ArrayList<>();

    @BeforeEach
    void setUp() {
        Clients.require(nodeRuns() && Files.isDirectory(CLIENT_DIR.resolve("node_modules/@huggingface/hub")),
                "node (≥ 18) and the npm client (npm ci --prefix src/test/hf-js)");
        if (model == null) {
            model = TinyModel.deposit();
        }
    }

    @AfterEach
    void removeDownloads() throws IOException {
        for (Path out : outputs) {
            try (var files = Files.walk(out)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void downloadsAVersionByLabel() throws Exception {
        JsonNode result = run("1.0", Map.of());
        assertThat(value(result, "modelInfo").get("sha").asText()).isEqualTo(model.commit1());
        assertThat(value(result, "modelInfo").get("name").asText()).isEqualTo(model.repo());
        assertThat(value(result, "modelInfo").get("updatedAt").asText()).isNotEqualTo("null");
        assertDownloads(result, model.files1(), model.commit1());
        Path cache = Path.of(value(result, "snapshot").asText()).getParent().getParent();
        assertThat(Files.readString(cache.resolve("refs/1.0"))).isEqualTo(model.commit1());

        // The npm client's own behaviour on a missing file: null from fileDownloadInfo and downloadFile, its own Error from the cache helper.
        JsonNode missing = result.get("missing");
        assertThat(value(missing, "info").isNull()).isTrue();
        assertThat(value(missing, "download").asBoolean()).isTrue();
        assertThat(error(missing, "toCacheDir").get("message").asText()).isEqualTo("cannot get path info for no-such-file.bin");

        // What it sent: the bytes=0-0 probe, ranges for slices, model info at the revision asked for.
        List<String> urls = new ArrayList<>();
        result.get("requests").forEach(r -> urls.add(r.get("url").asText()));
        assertThat(urls).anyMatch(u -> u.contains("/api/models/" + model.repo() + "/revision/1.0?"));
        assertThat(result.get("requests")).anyMatch(r -> "bytes=0-0".equals(r.get("range").asText()) && r.get("status").asInt() == 206);
        assertThat(result.get("requests")).anyMatch(r -> "bytes=1-4".equals(r.get("range").asText()) && r.get("status").asInt() == 206);
    }

    @Test
    void downloadsMainAndACommitIdAndNeverTheDraft() throws Exception {
        JsonNode main = run("main", Map.of());
        assertThat(value(main, "modelInfo").get("sha").asText()).isEqualTo(model.commit2());
        assertDownloads(main, model.files2(), model.commit2());
        Path cache = Path.of(value(main, "snapshot").asText()).getParent().getParent();
        assertThat(Files.readString(cache.resolve("refs/main"))).isEqualTo(model.commit2());

        JsonNode pinned = run(model.commit1(), Map.of());
        assertThat(value(pinned, "modelInfo").get("sha").asText()).isEqualTo(model.commit1());
        assertDownloads(pinned, model.files1(), model.commit1());

        JsonNode byEncodedLabel = run(V2, Map.of());
        assertThat(value(byEncodedLabel, "modelInfo").get("sha").asText()).isEqualTo(model.commit2());

        JsonNode draft = run("4.0", Map.of());
        assertThat(error(draft, "modelInfo").get("statusCode").asInt()).isEqualTo(404);
        assertThat(error(draft, "modelInfo").get("message").asText()).startsWith("Invalid rev id: 4.0");
    }

    @Test
    void aWithdrawnVersionFailsWithTheClientsOwnError() throws Exception {
        JsonNode result = run("3.0", Map.of());
        for (JsonNode failure : List.of(error(result, "modelInfo"), error(result.get("config"), "info"),
                error(result.get("config"), "download"), error(result, "snapshot"))) {
            assertThat(failure.get("name").asText()).isEqualTo("HubApiError");
            assertThat(failure.get("statusCode").asInt()).isEqualTo(403);
            assertThat(failure.get("message").asText()).startsWith("Access to this resource is disabled.");
        }
    }

    @Test
    void tokensNeedTheHfPrefix() throws Exception {
        // The client refuses a bare Stele token before sending anything.
        JsonNode bare = run("1.0", Map.of("HF_TOKEN", TestDatabase.ADMIN_TOKEN));
        assertThat(error(bare, "modelInfo").get("name").asText()).isEqualTo("TypeError");
        assertThat(error(bare, "modelInfo").get("message").asText()).isEqualTo("Your access token must start with 'hf_'");
        assertThat(bare.get("requests").size()).isZero();

        JsonNode prefixed = run("1.0", Map.of("HF_TOKEN", "hf_" + TestDatabase.ADMIN_TOKEN));
        assertDownloads(prefixed, model.files1(), model.commit1());
        // Recognised as a valid token: an unknown repo is 404 for it, 401 for anonymous callers.
        JsonNode unknown = run("main", "test-org/no-such-repo", Map.of("HF_TOKEN", "hf_" + TestDatabase.ADMIN_TOKEN));
        assertThat(error(unknown, "modelInfo").get("statusCode").asInt()).isEqualTo(404);
        assertThat(error(run("main", "test-org/no-such-repo", Map.of()), "modelInfo").get("statusCode").asInt()).isEqualTo(401);
    }

    /** Every file listed, probed, downloaded and snapshotted, each hashing to the archive's SHA-256. */
    private void assertDownloads(JsonNode result, Map<String, byte[]> expected, String commit) throws IOException {
        List<String> listed = new ArrayList<>();
        value(result, "listFiles").forEach(entry -> {
            if (entry.get("type").asText().equals("file")) {
                listed.add(entry.get("path").asText());
            } else {
                assertThat(entry.get("type").asText()).isEqualTo("directory");
            }
        });
        assertThat(listed).containsExactlyInAnyOrderElementsOf(expected.keySet());
        Path snapshot = Path.of(value(result, "snapshot").asText());
        assertThat(snapshot.getFileName().toString()).isEqualTo(commit);
        for (Map.Entry<String, byte[]> file : expected.entrySet()) {
            String archived = Bytes.sha256(file.getValue());
            JsonNode outcome = result.get("files").get(file.getKey());
            JsonNode info = value(outcome, "info");
            assertThat(info.get("size").asLong()).as(file.getKey()).isEqualTo(file.getValue().length);
            assertThat(info.get("etag").asText()).as(file.getKey()).isEqualTo("\"" + archived.substring("sha256:".length()) + "\"");
            JsonNode download = value(outcome, "download");
            assertThat(Bytes.sha256(Path.of(download.get("file").asText()))).as(file.getKey()).isEqualTo(archived);
            if (file.getValue().length >= 5) {
                assertThat(download.get("slice").asText()).isEqualTo(HexFormat.of().formatHex(file.getValue(), 1, 5));
            }
            assertThat(Bytes.sha256(snapshot.resolve(file.getKey()))).as("snapshot " + file.getKey()).isEqualTo(archived);
        }
        JsonNode raw = value(result.get("files").get("weights.bin"), "rawInfo");
        assertThat(raw.get("size").asInt()).isEqualTo(132);
        assertThat(raw.get("etag").asText()).isEqualTo("\"" + WEIGHTS_POINTER_OID + "\"");
    }

    private JsonNode run(String revision, Map<String, String> env) throws Exception {
        return run(revision, model.repo(), env);
    }

    private JsonNode run(String revision, String repo, Map<String, String> env) throws Exception {
        Path out = Files.createTempDirectory("hf-js");
        outputs.add(out);
        ProcessBuilder node = new ProcessBuilder("node", "hub-client.mjs", base.toString().replaceAll("/$", "") + "/hf", repo,
                revision, out.toAbsolutePath().toString())
                .directory(CLIENT_DIR.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.resolve("node.log").toFile());
        node.environment().remove("HF_TOKEN");
        node.environment().putAll(env);
        Process process = node.start();
        boolean done = process.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly();
        }
        String log = Files.readString(out.resolve("node.log"));
        assertThat(done && process.exitValue() == 0).as("node exited cleanly:\n" + log).isTrue();
        return json.readTree(out.resolve("result.json").toFile());
    }

    private static JsonNode value(JsonNode result, String call) {
        JsonNode outcome = result.get(call);
        assertThat(outcome.has("value")).as(call + " failed: " + outcome).isTrue();
        return outcome.get("value");
    }

    private static JsonNode error(JsonNode result, String call) {
        JsonNode outcome = result.get(call);
        assertThat(outcome.has("error")).as(call + " should have failed: " + outcome).isTrue();
        return outcome.get("error");
    }

    private static boolean nodeRuns() {
        try {
            Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            return version.waitFor(20, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
