package org.stele.domain.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.stele.support.WeightFiles;

class SafetensorsHeaderTest {
    private static final String HEADER = """
            {"__metadata__":{"format":"pt"},
             "model.embed.weight":{"dtype":"BF16","shape":[1000,64],"data_offsets":[0,128000]},
             "model.norm.weight":{"dtype":"F32","shape":[64],"data_offsets":[128000,128256]}}""";

    private static FileFacts read(byte[] file) throws IOException {
        return SafetensorsHeader.read(new ByteArrayInputStream(file), file.length);
    }

    @Test
    void countsTensorsParametersAndTypes() throws IOException {
        FileFacts facts = read(WeightFiles.safetensors(HEADER, 128256));
        assertThat(facts.format()).isEqualTo("safetensors");
        assertThat(facts.tensorCount()).isEqualTo(2);
        assertThat(facts.parameterCount()).isEqualTo(64_064);
        assertThat(facts.dtypes()).containsExactly("bf16", "f32");
        assertThat(facts.warnings()).isEmpty();
    }

    @Test
    void readsOnlyTheHeaderBytes() throws IOException {
        byte[] file = WeightFiles.safetensors(HEADER, 128256);
        int[] consumed = {0};
        InputStream counting = new ByteArrayInputStream(file) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                int n = super.read(b, off, len);
                consumed[0] += Math.max(n, 0);
                return n;
            }
        };
        SafetensorsHeader.read(counting, file.length);
        assertThat(consumed[0]).isLessThanOrEqualTo(file.length - 128256);
    }

    @Test
    void aLyingLengthIsAWarningWithoutAllocatingIt() throws IOException {
        byte[] file = WeightFiles.safetensors(HEADER, 10);
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(0, Long.MAX_VALUE);
        FileFacts facts = read(file);
        assertThat(facts.parameterCount()).isNull();
        assertThat(facts.warnings()).singleElement().asString().contains("impossible");

        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -8);
        assertThat(read(file).warnings()).singleElement().asString().contains("impossible");
    }

    @Test
    void truncatedAndShortFilesAreWarnings() throws IOException {
        byte[] file = WeightFiles.safetensors(HEADER, 128256);
        assertThat(SafetensorsHeader.read(new ByteArrayInputStream(Arrays.copyOf(file, 40)), file.length).warnings())
                .singleElement().asString().contains("truncated");
        assertThat(read(new byte[3]).warnings()).singleElement().asString().contains("shorter");
    }

    @Test
    void malformedJsonAndOverflowingShapesAreWarnings() throws IOException {
        assertThat(read(WeightFiles.safetensors("{\"a\":{\"dtype\":\"F16\",\"shape\":[1,", 0)).warnings())
                .singleElement().asString().startsWith("safetensors header is not valid");
        String huge = "{\"a\":{\"dtype\":\"F16\",\"shape\":[9223372036854775807,4],\"data_offsets\":[0,0]}}";
        assertThat(read(WeightFiles.safetensors(huge, 0)).warnings()).singleElement().asString().contains("not valid");
        String deep = "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}";
        assertThat(read(WeightFiles.safetensors(deep, 0)).parameterCount()).isNull();
    }

    @Test
    void offsetsOutsideTheDataAreAWarningButTheCountStays() throws IOException {
        FileFacts facts = read(WeightFiles.safetensors(HEADER, 100));
        assertThat(facts.parameterCount()).isEqualTo(64_064);
        assertThat(facts.warnings()).singleElement().asString().contains("outside");
    }
}
