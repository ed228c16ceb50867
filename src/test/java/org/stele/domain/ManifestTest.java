package org.stele.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestTest {
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);

    @Test
    void canonicalBytesHaveSortedKeysAndNoWhitespace() {
        Manifest manifest = Manifest.of(List.of(
                new Manifest.Entry("b.bin", 3, B, "application/octet-stream"),
                new Manifest.Entry("a.json", 2, A, "application/json")));

        String expected = "{\"files\":["
                + "{\"digest\":\"" + A + "\",\"mediaType\":\"application/json\",\"path\":\"a.json\",\"size\":2},"
                + "{\"digest\":\"" + B + "\",\"mediaType\":\"application/octet-stream\",\"path\":\"b.bin\",\"size\":3}"
                + "]}";
        assertThat(manifest.canonicalBytes()).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        assertThat(manifest.entries()).extracting(Manifest.Entry::path).containsExactly("a.json", "b.bin");
    }

    @Test
    void inputOrderDoesNotMatter() {
        Manifest.Entry a = new Manifest.Entry("a/config.json", 10, A, "application/json");
        Manifest.Entry b = new Manifest.Entry("a/model.bin", 20, B, "application/octet-stream");
        Manifest.Entry c = new Manifest.Entry("README.md", 30, A, "text/markdown; charset=utf-8");
        Manifest one = Manifest.of(List.of(a, b, c));
        Manifest other = Manifest.of(List.of(c, b, a));
        assertThat(one.canonicalBytes()).isEqualTo(other.canonicalBytes());
        assertThat(one.digest()).isEqualTo(other.digest());
        // 'R' (0x52) sorts before 'a' (0x61): case-sensitive code-unit order.
        assertThat(one.entries()).containsExactly(c, a, b);
    }

    @Test
    void sortsByUtf16CodeUnitsNotCodePoints() {
        // U+1F600 is the surrogate pair D83D DE00, which sorts before U+FF21 in UTF-16 but after it by code point.
        Manifest.Entry emoji = new Manifest.Entry("\ud83d\ude00.bin", 1, A, "application/octet-stream");
        Manifest.Entry fullwidth = new Manifest.Entry("\uff21.bin", 1, B, "application/octet-stream");
        assertThat(Manifest.of(List.of(fullwidth, emoji)).entries()).containsExactly(emoji, fullwidth);
    }

    @Test
    void keepsNonAsciiAsUtf8() {
        Manifest manifest = Manifest.of(List.of(new Manifest.Entry("模型/é.bin", 5, A, "application/octet-stream")));
        String expected = "{\"files\":[{\"digest\":\"" + A
                + "\",\"mediaType\":\"application/octet-stream\",\"path\":\"模型/é.bin\",\"size\":5}]}";
        byte[] bytes = manifest.canonicalBytes();
        assertThat(bytes).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("\\u");
    }

    @Test
    void escapesOnlyWhatRfc8785Escapes() {
        Manifest manifest = Manifest.of(List.of(new Manifest.Entry("q\"b\\s/\u001f", 0, A, "x")));
        assertThat(new String(manifest.canonicalBytes(), StandardCharsets.UTF_8))
                .contains("\"path\":\"q\\\"b\\\\s/\\u001f\"");
    }

    @Test
    void writesLargeSizesAsPlainIntegers() {
        long size = (1L << 53) - 1;
        Manifest manifest = Manifest.of(List.of(new Manifest.Entry("big.bin", size, A, "application/octet-stream")));
        assertThat(new String(manifest.canonicalBytes(), StandardCharsets.UTF_8)).contains("\"size\":9007199254740991}");
        assertThatThrownBy(() -> new Manifest.Entry("big.bin", size + 1, A, "application/octet-stream"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void digestIsSha256OfTheCanonicalBytes() throws Exception {
        Manifest manifest = Manifest.of(List.of(
                new Manifest.Entry("b.bin", 3, B, "application/octet-stream"),
                new Manifest.Entry("a.json", 2, A, "application/json")));
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(manifest.canonicalBytes());
        assertThat(manifest.digest()).isEqualTo(Digest.of(sha));
    }

    @Test
    void emptyManifestIsAllowed() throws Exception {
        Manifest manifest = Manifest.of(List.of());
        assertThat(manifest.entries()).isEmpty();
        assertThat(manifest.canonicalBytes()).isEqualTo("{\"files\":[]}".getBytes(StandardCharsets.UTF_8));
        byte[] sha = MessageDigest.getInstance("SHA-256").digest("{\"files\":[]}".getBytes(StandardCharsets.UTF_8));
        assertThat(manifest.digest()).isEqualTo(Digest.of(sha));
    }

    @Test
    void differentContentGivesADifferentDigest() {
        Manifest one = Manifest.of(List.of(new Manifest.Entry("a.bin", 1, A, "application/octet-stream")));
        Manifest size = Manifest.of(List.of(new Manifest.Entry("a.bin", 2, A, "application/octet-stream")));
        Manifest digest = Manifest.of(List.of(new Manifest.Entry("a.bin", 1, B, "application/octet-stream")));
        Manifest path = Manifest.of(List.of(new Manifest.Entry("A.bin", 1, A, "application/octet-stream")));
        Manifest type = Manifest.of(List.of(new Manifest.Entry("a.bin", 1, A, "application/json")));
        assertThat(List.of(size.digest(), digest.digest(), path.digest(), type.digest())).doesNotContain(one.digest());
    }

    @Test
    void canonicalBytesCannotBeChangedByTheCaller() {
        Manifest manifest = Manifest.of(List.of());
        manifest.canonicalBytes()[0] = 'x';
        assertThat(manifest.canonicalBytes()[0]).isEqualTo((byte) '{');
    }

    @Test
    void refusesDuplicatePathsAndBadEntries() {
        Manifest.Entry a = new Manifest.Entry("a.bin", 1, A, "application/octet-stream");
        Manifest.Entry again = new Manifest.Entry("a.bin", 2, B, "application/octet-stream");
        assertThatThrownBy(() -> Manifest.of(List.of(a, again))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Manifest.Entry("a.bin", -1, A, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Manifest.Entry(null, 1, A, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Manifest.Entry("a.bin", 1, A, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Manifest.Entry("a.bin", 1, "a".repeat(64), "x")).isInstanceOf(InvalidDigestException.class);
    }
}
