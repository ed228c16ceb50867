package org.stele.domain.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.stele.support.WeightFiles;

class GgufHeaderTest {
    private static WeightFiles.Gguf llama() {
        return new WeightFiles.Gguf()
                .string("general.architecture", "llama")
                .string("general.name", "Tiny")
                .u32("general.file_type", 15)
                .u32("llama.context_length", 4096)
                .strings("tokenizer.ggml.tokens", "<s>", "</s>", "a", "b")
                .tensor("token_embd.weight", 12, 64, 1000)
                .tensor("output_norm.weight", 0, 64);
    }

    private static FileFacts read(byte[] file) throws IOException {
        return GgufHeader.read(new ByteArrayInputStream(file));
    }

    @Test
    void readsArchitectureQuantisationContextAndParameters() throws IOException {
        FileFacts facts = read(llama().bytes());
        assertThat(facts.format()).isEqualTo("gguf");
        assertThat(facts.architecture()).isEqualTo("llama");
        assertThat(facts.quantization()).isEqualTo("Q4_K_M");
        assertThat(facts.contextLength()).isEqualTo(4096);
        assertThat(facts.tensorCount()).isEqualTo(2);
        assertThat(facts.parameterCount()).isEqualTo(64_064);
        assertThat(facts.dtypes()).containsExactly("f32", "q4_k");
        assertThat(facts.warnings()).isEmpty();
    }

    @Test
    void aDeclaredParameterCountWins() throws IOException {
        assertThat(read(llama().u64("general.parameter_count", 7_000_000_000L).bytes()).parameterCount())
                .isEqualTo(7_000_000_000L);
    }

    @Test
    void truncatedHeadersAreWarnings() throws IOException {
        byte[] file = llama().bytes();
        for (int cut : new int[] {0, 3, 10, 30, file.length - 1}) {
            FileFacts facts = read(Arrays.copyOf(file, cut));
            assertThat(facts.warnings()).as("cut at %d", cut).hasSize(1);
            assertThat(facts.parameterCount()).isNull();
        }
    }

    @Test
    void lyingCountsAndLengthsAreWarningsNotAllocations() throws IOException {
        assertThat(read(llama().bytes(Long.MAX_VALUE, 5)).warnings()).hasSize(1);
        assertThat(read(llama().bytes(2, Long.MAX_VALUE)).warnings()).hasSize(1);
        assertThat(read(llama().bytes(-1, 5)).warnings()).singleElement().asString().contains("negative");
        byte[] file = new WeightFiles.Gguf().string("general.architecture", "x").bytes();
        // the key length (first u64 after the 24-byte preamble) claims 2^62 bytes
        java.nio.ByteBuffer.wrap(file).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(24, 1L << 62);
        assertThat(read(file).warnings()).singleElement().asString().contains("truncated");
    }

    @Test
    void notGgufIsAWarning() throws IOException {
        assertThat(read("not a gguf file at all".getBytes()).warnings()).singleElement().asString().contains("magic");
    }
}
