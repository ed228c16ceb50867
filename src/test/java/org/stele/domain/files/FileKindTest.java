package org.stele.domain.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.stele.domain.ArchiveException;

class FileKindTest {

    @Test
    void labelsAreTheJsonValues() throws Exception {
        assertThat(Arrays.stream(FileKind.values()).map(FileKind::label))
                .containsExactly("weights", "tokenizer", "config", "model-card", "data-descriptor", "code", "other");
        ObjectMapper json = new ObjectMapper();
        assertThat(json.writeValueAsString(FileKind.MODEL_CARD)).isEqualTo("\"model-card\"");
        assertThat(json.writeValueAsString(FileKind.DATA_DESCRIPTOR)).isEqualTo("\"data-descriptor\"");
        assertThat(json.readValue("\"model-card\"", FileKind.class)).isEqualTo(FileKind.MODEL_CARD);
    }

    @Test
    void parseReadsEveryLabel() {
        for (FileKind kind : FileKind.values()) {
            assertThat(FileKind.parse(kind.label())).isEqualTo(kind);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"MODEL_CARD", "model_card", "Weights", "weight", "", " weights"})
    void parseRefusesOtherSpellingsListingTheAllowedOnes(String text) {
        assertThatThrownBy(() -> FileKind.parse(text))
                .isInstanceOfSatisfying(ArchiveException.class, e -> {
                    assertThat(org.stele.api.http.ErrorCodes.status(e)).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("invalid_kind");
                    assertThat(e.getMessage()).contains(
                            "weights, tokenizer, config, model-card, data-descriptor, code, other");
                });
        assertThatThrownBy(() -> FileKind.parse(null)).isInstanceOf(ArchiveException.class);
    }

    @ParameterizedTest
    @CsvSource({
        // weights
        "model.safetensors, weights",
        "model-00001-of-00002.safetensors, weights",
        "llama-3-8b.Q4_K_M.gguf, weights",
        "pytorch_model.bin, weights",
        "model.pt, weights",
        "checkpoint.pth, weights",
        "last.ckpt, weights",
        "onnx/model.onnx, weights",
        "tf_model.h5, weights",
        "flax_model.msgpack, weights",
        "MODEL.SAFETENSORS, weights",
        "training_args.bin, other",
        "out/Training_Args.BIN, other",
        // tokenizer
        "tokenizer.json, tokenizer",
        "tokenizer_config.json, tokenizer",
        "tokenizer.model, tokenizer",
        "spiece.model, tokenizer",
        "vocab.txt, tokenizer",
        "vocab.json, tokenizer",
        "merges.txt, tokenizer",
        "special_tokens_map.json, tokenizer",
        "added_tokens.json, tokenizer",
        "Tokenizer.JSON, tokenizer",
        // model card
        "README.md, model-card",
        "readme.md, model-card",
        "MODEL_CARD.md, model-card",
        "modelcard.md, model-card",
        "docs/README.md, model-card",
        // config
        "config.json, config",
        "generation_config.json, config",
        "preprocessor_config.json, config",
        "adapter_config.json, config",
        "config.yaml, config",
        "train_config.yml, config",
        "CONFIG.JSON, config",
        "params.yaml, other",
        "configuration.json, other",
        // data descriptor
        "croissant.json, data-descriptor",
        "datasheet.md, data-descriptor",
        "data_card.md, data-descriptor",
        "DATA_CARD.md, data-descriptor",
        "train.datacard.json, data-descriptor",
        "eval.datacard.md, data-descriptor",
        // code
        "modeling_custom.py, code",
        "demo.ipynb, code",
        "run.sh, code",
        "requirements.txt, code",
        // other
        "LICENSE, other",
        "notes.txt, other",
        "image.png, other",
        ".gitattributes, other",
        "model.safetensors.index.json, other",
        "bin, other",
        "safetensors/notes.md, other",
    })
    void infersTheKindFromTheFileName(String path, String label) {
        assertThat(FileKind.infer(path).label()).isEqualTo(label);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "model.safetensors | application/octet-stream",
        "pytorch_model.bin | application/octet-stream",
        "model.pt | application/octet-stream",
        "model.gguf | application/octet-stream",
        "onnx/model.onnx | application/octet-stream",
        "spiece.model | application/octet-stream",
        "config.json | application/json",
        "CONFIG.JSON | application/json",
        "README.md | text/markdown; charset=utf-8",
        "merges.txt | text/plain; charset=utf-8",
        "config.yaml | application/yaml",
        "config.yml | application/yaml",
        "modeling.py | text/x-python; charset=utf-8",
        "demo.ipynb | application/x-ipynb+json",
        "LICENSE | application/octet-stream",
        "image.png | application/octet-stream",
        "json | application/octet-stream",
        "a.json/b | application/octet-stream",
    })
    void mediaTypeFollowsTheExtension(String path, String mediaType) {
        assertThat(FileKind.mediaType(path)).isEqualTo(mediaType);
    }
}
