package org.stele.archive.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stele.domain.Author;
import org.stele.domain.Description;
import org.stele.domain.Digest;
import org.stele.domain.files.FileFacts;

/** The ModelPack artifact of a frozen version: its bytes, and so its digest, never change. */
class ModelPackManifestTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static ModelPackManifest.Frozen frozen(List<ModelPackManifest.File> files) {
        return new ModelPackManifest.Frozen("lab", "Tiny", "1.0.0", "10.5072/ABCD-EFGH-JK12-3456",
                "sha256:" + "1".repeat(64), Instant.parse("2026-01-15T09:30:00.123456Z"),
                new Description("Tiny model", "A test", List.of(new Author("Ada Lovelace", null, null)), "apache-2.0", List.of("t")),
                files);
    }

    static List<ModelPackManifest.File> files() {
        return List.of(
                new ModelPackManifest.File("model.safetensors", 1024, Digest.ofContent("w".getBytes(StandardCharsets.UTF_8)), "weights",
                        new FileFacts("safetensors", 2L, 6_738_415_616L, List.of("bf16", "f32"), null, null, null, null, null)),
                new ModelPackManifest.File("config.json", 20, Digest.ofContent("c".getBytes(StandardCharsets.UTF_8)), "config", null),
                new ModelPackManifest.File("tokenizer.json", 30, Digest.ofContent("t".getBytes(StandardCharsets.UTF_8)), "tokenizer", null),
                new ModelPackManifest.File("README.md", 40, Digest.ofContent("r".getBytes(StandardCharsets.UTF_8)), "model-card", null),
                new ModelPackManifest.File("croissant.json", 50, Digest.ofContent("d".getBytes(StandardCharsets.UTF_8)), "data-descriptor", null),
                new ModelPackManifest.File("infer.py", 60, Digest.ofContent("p".getBytes(StandardCharsets.UTF_8)), "code", null),
                new ModelPackManifest.File("extra/notes.yaml", 70, Digest.ofContent("y".getBytes(StandardCharsets.UTF_8)), "other", null),
                new ModelPackManifest.File("LICENSE", 80, Digest.ofContent("l".getBytes(StandardCharsets.UTF_8)), "other", null));
    }

    @Test
    void derivingAgainInAnyOrderGivesTheSameBytes() {
        ModelPackManifest.Artifact first = ModelPackManifest.of(frozen(files()));
        List<ModelPackManifest.File> shuffled = new ArrayList<>(files());
        Collections.reverse(shuffled);
        ModelPackManifest.Artifact again = ModelPackManifest.of(frozen(shuffled));
        assertThat(again.manifest().bytes()).isEqualTo(first.manifest().bytes());
        assertThat(again.config().bytes()).isEqualTo(first.config().bytes());
    }

    /**
     * Pinned digests: a change to the derivation (a field, an order, a media type) would change every manifest digest
     * labs hold, so it must fail here first. Only the publication instant's whole seconds count.
     */
    @Test
    void theDigestsArePinned() {
        ModelPackManifest.Artifact artifact = ModelPackManifest.of(frozen(files()));
        assertThat(artifact.config().digest().toString()).isEqualTo(PINNED_CONFIG);
        assertThat(artifact.manifest().digest().toString()).isEqualTo(PINNED_MANIFEST);
    }

    static final String PINNED_CONFIG = "sha256:63af306ec02972ba2b2a865dc4309284b6d2153e0109989f2e804216029744c8";
    static final String PINNED_MANIFEST = "sha256:d1f0748d0258bee3b8965a59cc04f18964c5c9b03cd8cbb511d05f670f605467";

    @Test
    void everyFileIsOneRawLayerNamedForOrasAndModelPack() throws Exception {
        ModelPackManifest.Artifact artifact = ModelPackManifest.of(frozen(files()));
        JsonNode manifest = JSON.readTree(artifact.manifest().bytes());
        assertThat(manifest.path("schemaVersion").asInt()).isEqualTo(2);
        assertThat(manifest.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(manifest.path("artifactType").asText()).isEqualTo("application/vnd.cncf.model.manifest.v1+json");
        assertThat(manifest.path("config").path("mediaType").asText()).isEqualTo("application/vnd.cncf.model.config.v1+json");
        assertThat(manifest.path("config").path("digest").asText()).isEqualTo(artifact.config().digest().toString());
        assertThat(manifest.path("config").path("size").asLong()).isEqualTo(artifact.config().size());
        Map<String, String> typeByPath = new java.util.LinkedHashMap<>();
        List<String> digests = new ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            String path = layer.path("annotations").path("org.cncf.model.filepath").asText();
            assertThat(layer.path("annotations").path("org.opencontainers.image.title").asText()).isEqualTo(path);
            typeByPath.put(path, layer.path("mediaType").asText());
            digests.add(layer.path("digest").asText());
        }
        assertThat(typeByPath).containsExactly(
                Map.entry("LICENSE", "application/vnd.cncf.model.doc.v1.raw"),
                Map.entry("README.md", "application/vnd.cncf.model.doc.v1.raw"),
                Map.entry("config.json", "application/vnd.cncf.model.weight.config.v1.raw"),
                Map.entry("croissant.json", "application/vnd.cncf.model.dataset.v1.raw"),
                Map.entry("extra/notes.yaml", "application/vnd.cncf.model.weight.config.v1.raw"),
                Map.entry("infer.py", "application/vnd.cncf.model.code.v1.raw"),
                Map.entry("model.safetensors", "application/vnd.cncf.model.weight.v1.raw"),
                Map.entry("tokenizer.json", "application/vnd.cncf.model.weight.config.v1.raw"));
        assertThat(digests.get(6)).isEqualTo(Digest.ofContent("w".getBytes(StandardCharsets.UTF_8)).toString());
        JsonNode annotations = manifest.path("annotations");
        assertThat(annotations.path("org.stele.identifier").asText()).isEqualTo("10.5072/ABCD-EFGH-JK12-3456");
        assertThat(annotations.path("org.opencontainers.image.created").asText()).isEqualTo("2026-01-15T09:30:00Z");

        JsonNode config = JSON.readTree(artifact.config().bytes());
        assertThat(config.path("descriptor").path("name").asText()).isEqualTo("lab/Tiny");
        assertThat(config.path("descriptor").path("licenses").get(0).asText()).isEqualTo("apache-2.0");
        assertThat(config.path("config").path("format").asText()).isEqualTo("safetensors");
        assertThat(config.path("config").path("paramSize").asText()).isEqualTo("6.7B");
        assertThat(config.path("config").path("precision").asText()).isEqualTo("bfloat16,float32");
        assertThat(config.path("modelfs").path("type").asText()).isEqualTo("layers");
        List<String> diffIds = new ArrayList<>();
        config.path("modelfs").path("diffIds").forEach(d -> diffIds.add(d.asText()));
        assertThat(diffIds).isEqualTo(digests);
        // The schema allows no other top-level field.
        List<String> fields = new ArrayList<>();
        config.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("config", "descriptor", "modelfs");
    }

    @Test
    void paramSizeHasAScalePrefixAndOneDecimalAtMost() {
        assertThat(ModelPackManifest.paramSize(6_738_415_616L)).isEqualTo("6.7B");
        assertThat(ModelPackManifest.paramSize(124_000_000L)).isEqualTo("124M");
        assertThat(ModelPackManifest.paramSize(1_000_000L)).isEqualTo("1M");
        assertThat(ModelPackManifest.paramSize(500L)).isEqualTo("0.5K");
        assertThat(ModelPackManifest.paramSize(2_500_000_000_000L)).isEqualTo("2.5T");
    }

    @Test
    void tagsPageLexicallyAfterLast() {
        List<String> tags = List.of("1.0.0", "1.1.0", "2.0.0", "latest");
        assertThat(OciTags.page(tags, "2", null)).isEqualTo(new OciTags.Page(List.of("1.0.0", "1.1.0"), true));
        assertThat(OciTags.page(tags, "2", "1.1.0")).isEqualTo(new OciTags.Page(List.of("2.0.0", "latest"), false));
        assertThat(OciTags.page(tags, "0", null)).isEqualTo(new OciTags.Page(List.of(), false));
        assertThat(OciTags.page(tags, "99999999999999999", null).tags()).hasSize(4);
        assertThat(OciTags.isTag("2.0+b1")).isFalse();
        assertThat(OciTags.isTag("_x")).isTrue();
    }
}
