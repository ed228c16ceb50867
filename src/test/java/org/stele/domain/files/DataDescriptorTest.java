package org.stele.domain.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DataDescriptorTest {
    static final String SHA = "a".repeat(64);
    static final String CROISSANT = """
            {"@context": {"@vocab": "https://schema.org/", "cr": "http://mlcommons.org/croissant/",
                          "dct": "http://purl.org/dc/terms/", "rai": "http://mlcommons.org/croissant/RAI/"},
             "@type": "sc:Dataset", "dct:conformsTo": "http://mlcommons.org/croissant/1.1",
             "name": "tiny-training-set", "description": "Data used to train tiny-model 1.0",
             "license": "https://spdx.org/licenses/CC-BY-4.0.html", "url": "https://data.example.org/tiny",
             "creator": {"@type": "sc:Organization", "name": "Example Lab"}, "datePublished": "2026-01-10",
             "rai:dataCollection": "Crawled in 2025", "rai:personalSensitiveInformation": "None",
             "rai:dataBiases": "English only", "rai:dataLimitations": "Small",
             "distribution": [{"@type": "cr:FileObject", "@id": "train.csv", "name": "train.csv",
                               "contentUrl": "https://data.example.org/tiny/train.csv", "sha256": "%s"},
                              {"@type": "cr:FileObject", "name": "test.csv", "sha256": "abc123"}]}
            """.formatted(SHA);
    static final String DATASHEET = """
            {"name": "tiny-corpus", "description": "Sentences", "license": "CC-BY-4.0",
             "identifiers": ["10.5281/zenodo.1234"], "sources": [{"url": "https://example.org/src"}],
             "files": [{"name": "corpus.txt", "sha256": "%s", "size": 10}],
             "collectionProcess": "Written by staff", "personalData": {"present": true, "sensitive": false, "description": "names"},
             "consent": "Staff agreed in writing", "biases": "Few dialects", "limitations": "Tiny"}
            """.formatted(SHA);

    private static FileFacts read(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return DataDescriptor.read(b, b.length);
    }

    @Test
    void croissantIsReadAndItsShaValuesChecked() {
        FileFacts facts = read(CROISSANT);
        DataDescriptor.Dataset d = facts.dataset();
        assertThat(d.format()).isEqualTo("croissant");
        assertThat(d.name()).isEqualTo("tiny-training-set");
        assertThat(d.license()).isEqualTo("https://spdx.org/licenses/CC-BY-4.0.html");
        assertThat(d.url()).isEqualTo("https://data.example.org/tiny");
        assertThat(d.files()).hasSize(2).first().satisfies(f -> assertThat(f.sha256()).isEqualTo(SHA));
        assertThat(d.collectionProcess()).isEqualTo("Crawled in 2025");
        assertThat(d.biases()).isEqualTo("English only");
        assertThat(facts.warnings()).singleElement().asString().contains("test.csv").contains("64");
    }

    @Test
    void croissantWithoutRequiredKeysWarnsForEach() {
        FileFacts facts = read("{\"@type\": \"sc:Dataset\", \"name\": \"x\"}");
        assertThat(facts.dataset().name()).isEqualTo("x");
        assertThat(facts.warnings()).anyMatch(w -> w.contains("'distribution'")).anyMatch(w -> w.contains("'license'"))
                .anyMatch(w -> w.contains("dct:conformsTo"));
    }

    @Test
    void aValidDatasheetHasNoWarnings() {
        FileFacts facts = read(DATASHEET);
        assertThat(facts.warnings()).isEmpty();
        DataDescriptor.Dataset d = facts.dataset();
        assertThat(d.format()).isEqualTo("datasheet");
        assertThat(d.identifiers()).containsExactly("10.5281/zenodo.1234");
        assertThat(d.sources()).containsExactly("https://example.org/src");
        assertThat(d.personalData()).isEqualTo("yes: names");
        assertThat(d.consent()).isEqualTo("Staff agreed in writing");
    }

    @Test
    void schemaProblemsAreWarningsAndTheFieldsStillRead() {
        FileFacts facts = read("{\"name\": \"x\", \"files\": [{\"name\": \"a\", \"sha256\": \"XYZ\"}], \"colour\": 1}");
        assertThat(facts.dataset().name()).isEqualTo("x");
        assertThat(facts.warnings()).allMatch(w -> w.startsWith("datasheet: "))
                .anyMatch(w -> w.contains("description")).anyMatch(w -> w.contains("license"))
                .anyMatch(w -> w.contains("sha256")).anyMatch(w -> w.contains("colour"));
    }

    @Test
    void notJsonOrTooLargeIsAWarning() {
        assertThat(read("{not json").warnings()).singleElement().asString().contains("not valid JSON");
        assertThat(read("[1,2]").warnings()).singleElement().asString().contains("not a JSON object");
        assertThat(DataDescriptor.read(new byte[0], DataDescriptor.MAX_BYTES + 1L).warnings())
                .singleElement().asString().contains("larger than");
        assertThat(read("{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}").warnings()).singleElement().asString()
                .contains("not valid JSON");
    }
}
