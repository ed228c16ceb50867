package org.stele.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.stele.domain.Digest;
import org.stele.domain.IntegrityException;
import org.stele.store.NoSuchObjectException;
import org.stele.store.VerifyingInputStream;
import org.stele.support.Bytes;
import org.stele.support.S3ProxyServer;

/**
 * Large reads from S3 come as parallel ranged GETs delivered in order: the bytes are exactly those stored whatever the
 * offsets and sizes (ranges of 1000 bytes here, so that every edge is crossed), a shorter object ends early so that
 * verification refuses it, and buffers come back to the budget.
 */
class BytesRangedReadsS3Test {
    private static final int RANGE = 1000;
    private final RangedReads ranged = new RangedReads(4L * RANGE, RANGE);
    private final S3BlobStore store = new S3BlobStore(S3ProxyServer.shared().endpoint(), "us-east-1", "stele-ranged",
            S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, Duration.ofSeconds(30), ranged);
    private final String key = "contract/" + UUID.randomUUID() + "/ranged";

    @Test
    void oddSizesAndOffsetsReadExactlyTheStoredBytes() throws Exception {
        store.verify();
        byte[] bytes = Bytes.random(10_007, 31);
        store.put(key, new ByteArrayInputStream(bytes));
        long[][] reads = {{0, 10_007}, {0, 2001}, {1, 10_006}, {999, 1002}, {1000, 3000}, {4321, 5686}, {7, 9999}};
        for (long[] read : reads) {
            try (InputStream in = store.get(key, read[0], read[1])) {
                assertThat(in.getClass().getSimpleName()).as("a ranged read of %s", Arrays.toString(read)).isEqualTo("Stream");
                assertThat(readInPieces(in)).as("bytes %s", Arrays.toString(read))
                        .isEqualTo(Arrays.copyOfRange(bytes, (int) read[0], (int) (read[0] + read[1])));
            }
        }
        assertThat(free()).as("every buffer is back").isTrue();
    }

    @Test
    void aShorterObjectEndsEarlyAndVerificationRefusesIt() throws Exception {
        store.verify();
        byte[] bytes = Bytes.random(9_500, 32);
        Digest digest = Digest.parse(Bytes.sha256(bytes));
        store.put(key, new ByteArrayInputStream(Arrays.copyOf(bytes, 4_200)));
        try (InputStream in = store.get(key, 0, bytes.length)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOf(bytes, 4_200));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> {
            try (InputStream in = new VerifyingInputStream(store.get(key, 0, bytes.length), digest, bytes.length, e -> { })) {
                in.transferTo(out);
            }
        }).isInstanceOf(IntegrityException.class);
        assertThat(out.size()).as("never the whole declared length").isLessThan(bytes.length);

        byte[] flipped = bytes.clone();
        flipped[bytes.length - 10] ^= 1;
        store.put(key, new ByteArrayInputStream(flipped));
        ByteArrayOutputStream partial = new ByteArrayOutputStream();
        assertThatThrownBy(() -> {
            try (InputStream in = new VerifyingInputStream(store.get(key, 0, bytes.length), digest, bytes.length, e -> { })) {
                in.transferTo(partial);
            }
        }).isInstanceOf(IntegrityException.class).hasMessageContaining("hash");
        assertThat(partial.size()).as("the last bytes are withheld").isLessThan(bytes.length);
        assertThat(free()).isTrue();
    }

    @Test
    void aMissingObjectFailsWhenOpenedAndKeepsNoBuffer() throws Exception {
        store.verify();
        assertThatThrownBy(() -> store.get(key, 0, 5_000)).isInstanceOf(NoSuchObjectException.class);
        assertThat(free()).isTrue();
    }

    @Test
    void withoutFreeBuffersAReadFallsBackToOneGetAndAnAbandonedReadGivesThemBack() throws Exception {
        store.verify();
        byte[] bytes = Bytes.random(8_000, 33);
        store.put(key, new ByteArrayInputStream(bytes));
        InputStream first = store.get(key, 0, bytes.length);
        assertThat(first.read()).isEqualTo(bytes[0] & 0xff);
        try (InputStream second = store.get(key, 0, bytes.length)) {
            assertThat(second.getClass().getSimpleName()).as("no buffer left: one plain GET").isNotEqualTo("Stream");
            assertThat(second.readAllBytes()).isEqualTo(bytes);
        }
        first.close(); // abandoned part-way, ranges still in flight
        assertThat(free()).isTrue();
        try (InputStream third = store.get(key, 0, bytes.length)) {
            assertThat(third.getClass().getSimpleName()).isEqualTo("Stream");
            assertThat(third.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void aRangeThatFailsFailsTheReadInsteadOfEndingIt() throws Exception {
        byte[] bytes = Bytes.random(6_500, 34);
        RangedReads.Source failingThird = (from, n) -> {
            if (from >= 2 * RANGE && from < 3 * RANGE) {
                throw new IOException("storage went away");
            }
            return new ByteArrayInputStream(bytes, (int) from, (int) n);
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = ranged.open(failingThird, 0, bytes.length)) {
            assertThatThrownBy(() -> in.transferTo(out)).isInstanceOf(IOException.class).hasMessageContaining("went away");
            assertThatThrownBy(() -> in.read(new byte[10])).as("no later range after the lost one").isInstanceOf(IOException.class);
        }
        assertThat(out.toByteArray()).isEqualTo(Arrays.copyOf(bytes, 2 * RANGE));
        assertThat(free()).isTrue();
    }

    /** Reads in odd-sized pieces so that reads straddle ranges. */
    private static byte[] readInPieces(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] piece = new byte[777];
        int n;
        while ((n = in.read(piece, 0, piece.length)) >= 0) {
            out.write(piece, 0, n);
        }
        return out.toByteArray();
    }

    /** Whether all four buffers come back to the budget (released asynchronously after an abandoned read). */
    private boolean free() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (ranged.available() == 4) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}
