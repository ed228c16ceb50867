package org.stele.api.hf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.stele.domain.Digest;

/** The identities Hugging Face clients compare, checked against the worked values of hf-hub-api.md §4.4–§4.7. */
class HfIdentitiesTest {

    @Test
    void gitBlobSha1MatchesGit() {
        byte[] config = "{\"model_type\": \"bert\"}\n".getBytes(StandardCharsets.UTF_8);
        assertThat(LfsPointer.gitBlobSha1(config)).isEqualTo("dc1fb7b6703fe03317c1a080b523bf475f3d4818");
        assertThat(LfsPointer.gitBlobSha1(new byte[0])).isEqualTo("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
    }

    @Test
    void lfsPointerOfOneMebibyteOfZeros() {
        LfsPointer pointer = LfsPointer.of(new Digest(TinyModel.WEIGHTS_SHA256), 1_048_576);
        assertThat(new String(pointer.text(), StandardCharsets.US_ASCII)).isEqualTo("version https://git-lfs.github.com/spec/v1\n"
                + "oid sha256:" + TinyModel.WEIGHTS_SHA256 + "\nsize 1048576\n");
        assertThat(pointer.size()).isEqualTo(132);
        assertThat(pointer.oid()).isEqualTo(TinyModel.WEIGHTS_POINTER_OID);
        assertThat(LfsPointer.of(new Digest(TinyModel.WEIGHTS_SHA256), 123_456_789).size()).isEqualTo(134);
    }

    @Test
    void datetimesAreUtcWithMillisecondsAndZ() {
        assertThat(HubDates.format(Instant.parse("2026-01-15T09:30:00Z"))).isEqualTo("2026-01-15T09:30:00.000Z");
        assertThat(HubDates.format(Instant.parse("2026-01-15T09:30:00.123456Z"))).isEqualTo("2026-01-15T09:30:00.123Z");
    }

    @Test
    void errorCodesInTheHubsStyle() {
        assertThat(HubErrors.pascal("range_not_satisfiable")).isEqualTo("RangeNotSatisfiable");
        assertThat(HubErrors.pascal("invalid_path")).isEqualTo("InvalidPath");
    }

    @Test
    void dotAndEmptySegmentsAreRecognisedInEveryEncoding() {
        assertThat(org.stele.api.http.RawPathGuard.hasDotOrEmptySegment("hf/a/b/resolve/main/x/../y")).isTrue();
        assertThat(org.stele.api.http.RawPathGuard.hasDotOrEmptySegment("hf/a/b/resolve/main/%2E%2e/y")).isTrue();
        assertThat(org.stele.api.http.RawPathGuard.hasDotOrEmptySegment("hf/a/b/resolve/main/.%2e/y")).isTrue();
        assertThat(org.stele.api.http.RawPathGuard.hasDotOrEmptySegment("hf/a/b/resolve/main//y")).isTrue();
        assertThat(org.stele.api.http.RawPathGuard.hasDotOrEmptySegment("hf/a/b/resolve/1%2E0/.hidden/x..y")).isFalse();
        assertThat(org.stele.api.http.RawPathGuard.hasDotOrEmptySegment("hf/api/models/a/b/tree/main/")).isFalse();
    }
}
