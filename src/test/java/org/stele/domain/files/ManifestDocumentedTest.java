package org.stele.domain.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.stele.domain.Manifest;

/**
 * docs/manifest.md is what lets anyone recompute a manifest digest without Stele: its media-type table and its example
 * must say exactly what the code does, so a change to either side fails here.
 */
class ManifestDocumentedTest {
    private static final Path PAGE = Path.of("docs/manifest.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)`[^|]*\\| `([^`]+)` \\|\\s*$");

    @Test
    void theDocumentedMediaTypeTableIsTheCodesTable() throws IOException {
        Map<String, String> documented = documentedTable();
        assertThat(documented.remove("*")).as("the type of every other file").isEqualTo(FileKind.OPAQUE);
        assertThat(documented).isEqualTo(FileKind.mediaTypes());
        for (Map.Entry<String, String> row : documented.entrySet()) {
            assertThat(FileKind.mediaType("dir/f." + row.getKey())).isEqualTo(row.getValue());
            assertThat(FileKind.mediaType("F." + row.getKey().toUpperCase(java.util.Locale.ROOT))).isEqualTo(row.getValue());
        }
    }

    @Test
    void theDocumentedExtensionRulesHold() {
        assertThat(FileKind.mediaType(".json")).as("a leading dot is no extension").isEqualTo(FileKind.OPAQUE);
        assertThat(FileKind.mediaType("README")).isEqualTo(FileKind.OPAQUE);
        assertThat(FileKind.mediaType("a.json/weights.tar.gz")).isEqualTo(FileKind.OPAQUE);
        assertThat(FileKind.mediaType("Config.JSON")).isEqualTo("application/json");
        assertThat(FileKind.mediaType("model.safetensors")).isEqualTo(FileKind.OPAQUE);
    }

    @Test
    void theDocumentedExampleIsWhatTheCodeWrites() throws IOException {
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        Matcher example = Pattern.compile("```json\\n(\\{\"files\".*)\\n```").matcher(page);
        assertThat(example.find()).as("the example manifest").isTrue();
        Manifest manifest = Manifest.of(List.of(new Manifest.Entry("config.json", 2,
                "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", FileKind.mediaType("config.json"))));
        assertThat(new String(manifest.canonicalBytes(), StandardCharsets.UTF_8)).isEqualTo(example.group(1));
    }

    private static Map<String, String> documentedTable() throws IOException {
        Map<String, String> table = new HashMap<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(PAGE, StandardCharsets.UTF_8)) {
            if (line.startsWith("## ")) {
                inSection = line.strip().equals("## Media types");
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (inSection && row.matches()) {
                assertThat(table.put(row.group(1), row.group(2))).as("row " + row.group(1) + " appears once").isNull();
            }
        }
        return table;
    }
}
