package org.stele.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class FilePathTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "model.safetensors",
        "onnx/model.onnx",
        "a/b/c/d.txt",
        ".gitattributes",
        "...",
        "..a",
        "a..",
        "with space.txt",
        "%2e%2e/x",           // not URL-decoded here
        "\uff0e\uff0e/x",     // fullwidth dots are a name, not '..'
        "\ud83d\ude00.bin",   // a supplementary character, properly paired
        "\u6a21\u578b/\u00e9.bin",
    })
    void keepsValidPathsVerbatim(String path) {
        assertThat(FilePath.normalize(path)).isEqualTo(path);
    }

    @Test
    void isCaseSensitive() {
        assertThat(FilePath.normalize("README.md")).isEqualTo("README.md");
        assertThat(FilePath.normalize("readme.md")).isEqualTo("readme.md");
    }

    @Test
    void normalizesToNfc() {
        String decomposed = "e\u0301.txt";
        assertThat(decomposed).hasSize(6);
        assertThat(FilePath.normalize(decomposed)).isEqualTo("\u00e9.txt");
        assertThat(FilePath.normalize("dir/A\u030a")).isEqualTo("dir/\u00c5");
    }

    @Test
    void doesNotFoldCompatibilityCharacters() {
        // NFKC would turn these into "../x"; NFC must not.
        assertThat(FilePath.normalize("\uff0e\uff0e/x")).isEqualTo("\uff0e\uff0e/x");
        assertThat(FilePath.normalize("\ufb01le")).isEqualTo("\ufb01le");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "..", ".", "../x", "a/../b", "a/..", "./a", "a/./b", "a/.",
        "/abs", "/", "a/", "a//b", "//a",
        "a\\b", "..\\x", "\\abs",
        "a\u0000b", "\u0000", "a\tb", "a\nb", "a\rb", "\u001f", "\u007f", "a\u0080", "\u0085", "\u009f",
        "\ud800", "a\ud800b", "\udc00", "\ude00\ud83d",  // unpaired or reversed surrogates
    })
    void refusesHostilePaths(String path) {
        assertInvalid(path);
    }

    @Test
    void allowsExactly1024Utf8Bytes() {
        String ascii = "a".repeat(1024);
        assertThat(FilePath.normalize(ascii)).isEqualTo(ascii);
        assertInvalid("a".repeat(1025));

        String multiByte = "\u00e9".repeat(512); // 2 bytes each
        assertThat(FilePath.normalize(multiByte)).isEqualTo(multiByte);
        assertInvalid(multiByte + "a");
    }

    @Test
    void measuresLengthAfterNfc() {
        String decomposed = "e\u0301".repeat(512); // 1536 bytes as given, 1024 once composed
        assertThat(decomposed.getBytes(StandardCharsets.UTF_8)).hasSize(1536);
        String normalized = FilePath.normalize(decomposed);
        assertThat(normalized).isEqualTo("\u00e9".repeat(512));
        assertThat(normalized.getBytes(StandardCharsets.UTF_8)).hasSize(1024);
        assertInvalid(decomposed + "x");
    }

    private static void assertInvalid(String path) {
        assertThatThrownBy(() -> FilePath.normalize(path))
                .isInstanceOfSatisfying(ArchiveException.class, e -> {
                    assertThat(org.stele.api.http.ErrorCodes.status(e)).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("invalid_path");
                    assertThat(org.stele.api.http.ErrorCodes.title(e)).isEqualTo("Invalid file path");
                    assertThat(e.getMessage()).isNotBlank();
                });
    }
}
