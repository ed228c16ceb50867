package org.stele.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stele.domain.Digest;
import org.stele.domain.IntegrityException;
import org.stele.support.Bytes;

/** Whole reads are proven before their last bytes go out; wrong, short or long content never comes out whole. */
class VerifyingInputStreamTest {
    private final byte[] content = Bytes.random(100_000, 11);
    private final Digest digest = Digest.parse(Bytes.sha256(content));
    private final List<IntegrityException> reported = new ArrayList<>();

    @Test
    void intactContentPassesThroughWhole() throws IOException {
        assertThat(drain(stream(content))).isEqualTo(content);
        assertThat(reported).isEmpty();
    }

    @Test
    void aFlippedByteFailsTheReadBeforeTheLastBytesAreHandedOut() {
        byte[] flipped = content.clone();
        flipped[500] ^= 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> copy(stream(flipped), out)).isInstanceOf(IntegrityException.class).hasMessageContaining("hash");
        assertThat(out.size()).isLessThan(content.length);
        assertThat(reported).hasSize(1);
    }

    @Test
    void shortAndLongContentFail() {
        byte[] shorter = java.util.Arrays.copyOf(content, content.length - 1);
        byte[] longer = java.util.Arrays.copyOf(content, content.length + 1);
        for (byte[] wrong : List.of(shorter, longer)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThatThrownBy(() -> copy(stream(wrong), out)).isInstanceOf(IntegrityException.class);
            assertThat(out.size()).isLessThan(content.length);
        }
        assertThat(reported).hasSize(2);
    }

    private VerifyingInputStream stream(byte[] stored) {
        return new VerifyingInputStream(new ByteArrayInputStream(stored), digest, content.length, reported::add);
    }

    private static byte[] drain(VerifyingInputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copy(in, out);
        return out.toByteArray();
    }

    private static void copy(VerifyingInputStream in, ByteArrayOutputStream out) throws IOException {
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
        }
    }
}
