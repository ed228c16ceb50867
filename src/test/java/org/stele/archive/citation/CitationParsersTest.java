package org.stele.archive.citation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stele.archive.reading.VersionRecord;
import org.stele.domain.Author;

/**
 * Reads what Stele renders with a real citation parser, citation-js (src/test/js), and checks that title,
 * authors, year, version, URL and DOI (only a registered one; none otherwise) survive. Skipped without Node and {@code npm ci --prefix src/test/js}, unless
 * {@code -Dstele-test.clients-required=true} or {@code CI=true} (as CI sets), which turns a missing client into a failure.
 */
class CitationParsersTest {
    private static final Path CLIENTS = Path.of("src/test/js");
    private static final String TITLE = "A {curly} 100% \"quoted\" & model";
    private static final VersionRecord RECORD = new VersionRecord("version", SampleRecords.VERSION_PID,
            SampleRecords.CONCEPT_PID, "lab", "tiny-llm", "1.2.0", "published", TITLE, "Abstract & more", List.of(
                    new Author("Zoë Ångström", "https://orcid.org/0000-0002-1825-0097", "Universität Zürich"),
                    new Author("José Ñúñez", null, null)),
            "MIT", List.of("tiny"), SampleRecords.DIGEST, List.of(), Instant.parse("2026-03-04T10:00:00Z"),
            Instant.parse("2026-03-04T10:00:00Z"), null, null, null, null, null, null);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Why the parser cannot run, or null when it can; looked up once. */
    private static String missing;

    @BeforeAll
    static void lookForClients() {
        if (!Files.isDirectory(CLIENTS.resolve("node_modules/@citation-js/core"))) {
            missing = "src/test/js/node_modules is missing: run npm ci --prefix src/test/js";
        } else if (!nodeRuns()) {
            missing = "node is not installed or does not run";
        }
    }

    // Per test rather than per class, so a skip shows in the test counts.
    @BeforeEach
    void requireClients() {
        org.stele.support.Clients.require(missing == null, "citation-js (" + missing + ")");
    }

    @ParameterizedTest
    @CsvSource({"BIBTEX, bibtex, false", "RIS, ris, false", "CSL, csl, false", "BIBTEX, bibtex, true", "RIS, ris, true", "CSL, csl, true"})
    void citationJsReadsBackWhatWeWrote(CitationFormat format, String parserFormat, boolean registered, @TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("citation." + format.extension());
        Files.writeString(file, registered ? SampleRecords.renderRegistered(format, RECORD) : SampleRecords.render(format, RECORD),
                StandardCharsets.UTF_8);

        JsonNode items = parse(file, parserFormat);

        assertThat(items).hasSize(1);
        JsonNode item = items.get(0);
        assertThat(item.path("title").asText()).isEqualTo(TITLE);
        assertThat(item.path("author")).hasSize(2);
        assertThat(item.path("author").get(0).path("family").asText()).isEqualTo("Ångström");
        assertThat(item.path("author").get(0).path("given").asText()).isEqualTo("Zoë");
        assertThat(item.path("author").get(1).path("family").asText()).isEqualTo("Ñúñez");
        assertThat(item.path("author").get(1).path("given").asText()).isEqualTo("José");
        assertThat(item.path("issued").path("date-parts").get(0).get(0).asInt()).isEqualTo(2026);
        assertThat(item.path("version").asText()).isEqualTo("1.2.0");
        if (registered) {
            assertThat(item.path("DOI").asText()).isEqualTo(SampleRecords.VERSION_PID);
        } else {
            assertThat(item.has("DOI")).as("no DOI read from an unregistered identifier").isFalse();
        }
        assertThat(item.path("URL").asText()).isEqualTo(SampleRecords.BASE_URL + "/pid/" + SampleRecords.VERSION_PID);
    }

    private static JsonNode parse(Path file, String format) throws IOException, InterruptedException {
        Process node = new ProcessBuilder("node", CLIENTS.resolve("parse-citation.mjs").toString(), file.toString(), format)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        byte[] out = node.getInputStream().readAllBytes();
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("parser finished").isTrue();
        assertThat(node.exitValue()).as("parser exit status").isZero();
        return JSON.readTree(out);
    }

    private static boolean nodeRuns() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
