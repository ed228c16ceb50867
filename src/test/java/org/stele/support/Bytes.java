package org.stele.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

/** Test content: reproducible pseudo-random bytes and their SHA-256. */
public final class Bytes {
    private Bytes() {
    }

    public static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Writes {@code size} pseudo-random bytes to a temporary file without holding them in memory. */
    public static Path randomFile(long size, long seed) throws IOException {
        Path file = Files.createTempFile("stele-bytes", ".bin");
        Random random = new Random(seed);
        byte[] buffer = new byte[1 << 20];
        try (var out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; ) {
                random.nextBytes(buffer);
                int n = (int) Math.min(buffer.length, left);
                out.write(buffer, 0, n);
                left -= n;
            }
        }
        return file;
    }

    public static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(InputStream in) throws IOException {
        try (in) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                md.update(buffer, 0, n);
            }
            return "sha256:" + HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(Path file) throws IOException {
        return sha256(Files.newInputStream(file));
    }

    /**
     * The offset of the first byte where {@code in} differs from {@code file} (a length difference counts), or -1
     * when they are equal: says where a bad download went wrong, not only that it did.
     */
    public static long firstDifference(Path file, InputStream in) throws IOException {
        try (InputStream expected = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16);
                InputStream actual = new java.io.BufferedInputStream(in, 1 << 16)) {
            for (long offset = 0; ; offset++) {
                int e = expected.read();
                int a = actual.read();
                if (e != a) {
                    return offset;
                }
                if (e < 0) {
                    return -1;
                }
            }
        }
    }
}
