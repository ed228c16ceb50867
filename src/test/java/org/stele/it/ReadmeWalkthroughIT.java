package org.stele.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * The README's deposit-to-citation walkthrough, run verbatim with bash against the packaged jar on a fresh data
 * directory, as a reader would paste it: if the README's promise breaks, this test fails.
 */
@DisabledIfSystemProperty(named = "stele-test.jdbc-url", matches = ".+", disabledReason = "the embedded default is the same in the external-PostgreSQL run")
class ReadmeWalkthroughIT {
    private static final Pattern BLOCK = Pattern.compile(
            "<!-- walkthrough:start -->\\s*```bash\\n(.*?)```\\s*<!-- walkthrough:end -->", Pattern.DOTALL);
    private static final Pattern RESERVED = Pattern.compile(
            "model identifier: (\\S+), version identifier: (\\S+)");

    @Test
    void theWalkthroughDepositsPublishesResolvesCitesAndVerifies() throws Exception {
        String walkthrough = walkthrough(Files.readString(Path.of("README.md")));
        // The reader's directory: Stele was started here, so ./stele-data/admin-token is where the walkthrough reads it.
        Path home = Files.createTempDirectory("stele-readme");
        try (SteleProcess stele = SteleProcess.start(Map.of("STELE_DATA_DIR", home.resolve("stele-data").toString()))) {
            String output = runBash(walkthrough, home, "http://127.0.0.1:" + stele.port);

            Matcher reserved = RESERVED.matcher(output);
            assertThat(reserved.find()).as(output).isTrue();
            String concept = reserved.group(1);
            String pid = reserved.group(2);
            assertThat(pid).matches("10\\.5072/[0-9a-z]{4}-[0-9a-z]{4}").isNotEqualTo(concept);
            // The real identifier resolved to the published record, then cited in BibTeX and APA.
            assertThat(output).contains("{\"kind\":\"version\",\"pid\":\"" + pid + "\",\"conceptPid\":\"" + concept + "\"")
                    .contains("\"state\":\"published\"")
                    // No DOI is registered on a fresh archive: the citations give the archive's resolver, never doi.org.
                    .contains("url = {http://127.0.0.1:" + stele.port + "/pid/" + pid + "}").doesNotContain("doi = {")
                    .contains("Lovelace, A. (").contains("http://127.0.0.1:" + stele.port + "/pid/" + pid).doesNotContain("doi.org");
            // Every file downloaded and proven against the digest in the record.
            assertThat(output).contains("config.json: OK", "model.safetensors: OK", "tokenizer.json: OK");

            HttpResponse<String> record = HttpClient.newHttpClient().send(HttpRequest.newBuilder(stele.uri("/pid/" + pid))
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(record.statusCode()).isEqualTo(200);
            assertThat(record.body()).contains("\"state\":\"published\"", "\"path\":\"config.json\"",
                    "\"path\":\"model.safetensors\"", "\"path\":\"tokenizer.json\"", "\"parameterCount\":4");
        }
    }

    /** The one fenced bash block between the walkthrough markers. */
    static String walkthrough(String readme) {
        Matcher block = BLOCK.matcher(readme);
        assertThat(block.find()).as("README.md has a ```bash block between the walkthrough markers").isTrue();
        String script = block.group(1);
        assertThat(block.find()).as("README.md has one walkthrough").isFalse();
        return script;
    }

    /**
     * Runs the script as {@code bash -euo pipefail} in {@code directory} and answers what it printed; it must exit 0.
     * Its standard error (curl's complaints, and a trace of every command) is shown only when it fails.
     */
    private static String runBash(String script, Path directory, String stele) throws Exception {
        Path out = Files.createTempFile("stele-readme", ".out");
        Path trace = Files.createTempFile("stele-readme", ".trace");
        ProcessBuilder builder = new ProcessBuilder("bash", "-x", "-euo", "pipefail", "-c", script)
                .directory(directory.toFile()).redirectOutput(out.toFile()).redirectError(trace.toFile());
        builder.environment().put("STELE", stele);
        Process bash = builder.start();
        boolean finished = bash.waitFor(180, TimeUnit.SECONDS);
        if (!finished) {
            bash.destroyForcibly().waitFor();
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        String report = "output:\n" + output + "\ntrace:\n" + Files.readString(trace, StandardCharsets.UTF_8);
        assertThat(finished).as("the walkthrough finished within 180 s; " + report).isTrue();
        assertThat(bash.exitValue()).as("the walkthrough's exit code; " + report).isZero();
        return output;
    }
}
