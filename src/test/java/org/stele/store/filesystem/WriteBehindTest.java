package org.stele.store.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stele.support.Bytes;

class WriteBehindTest {
    @TempDir
    Path dir;

    @Test
    void writesEveryByteAcrossSeveralFlushesBehindTheWriter() throws IOException {
        byte[] content = Bytes.random((int) (2.5 * WriteBehind.FLUSH_EVERY) + 12345, 7);
        Path file = dir.resolve("out");
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertThat(WriteBehind.copy(new ByteArrayInputStream(content), out)).isEqualTo(content.length);
        }
        byte[] written = Files.readAllBytes(file);
        assertThat(written).hasSize(content.length + 3);
        assertThat(java.util.Arrays.copyOfRange(written, 3, written.length)).isEqualTo(content);
    }

    @Test
    void aFailingSourceFailsTheCopyAfterTheFlushesItStarted() throws IOException {
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(Bytes.random((int) WriteBehind.FLUSH_EVERY * 2, 8)),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("connection reset");
                    }
                });
        Path file = dir.resolve("out");
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            assertThatThrownBy(() -> WriteBehind.copy(failing, out)).isInstanceOf(IOException.class).hasMessage("connection reset");
        }
        assertThat(Files.size(file)).isEqualTo(2 * WriteBehind.FLUSH_EVERY);
    }
}
