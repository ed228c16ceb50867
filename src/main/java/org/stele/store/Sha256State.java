package org.stele.store;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.stele.domain.Digest;

/**
 * A SHA-256 whose state can be saved and taken up again elsewhere: in another request, another process, another replica.
 * What a resumable upload keeps between chunks, so completing it neither re-reads nor re-hashes the bytes.
 *
 * <p>The saved form is the algorithm's own state and nothing of this JVM: {@code "S256"}, the eight 32-bit chaining
 * words, the byte count (64-bit, big-endian) and the bytes of the unfinished 64-byte block. It hashes with the JDK's
 * SHA-256 (its compression is a CPU intrinsic: several times faster than any Java code), whose state this class reads
 * and writes where the runtime opens {@code java.base/java.security} and {@code java.base/sun.security.provider} to it,
 * or {@code java.base/java.lang} so that it can open them itself (the test JVM and Quarkus' jar do); elsewhere it falls
 * back on its own SHA-256 in plain Java, several times slower, same answers.
 */
public final class Sha256State {
    private static final byte[] MAGIC = {'S', '2', '5', '6'};
    private static final int BLOCK = 64;
    private static final int[] INITIAL = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
            0x5be0cd19};
    private static final JdkState JDK = JdkState.open();

    /** The JDK digest when its state is reachable; otherwise null and {@link #plain} hashes. */
    private final MessageDigest jdk;
    private final PlainSha256 plain;

    private Sha256State(MessageDigest jdk, PlainSha256 plain) {
        this.jdk = jdk;
        this.plain = plain;
    }

    /** The state before any byte. */
    public static Sha256State fresh() {
        return fresh(JDK != null);
    }

    /** Takes up a state saved by {@link #save()} (here or in another process). */
    public static Sha256State restore(byte[] saved) {
        return restore(saved, JDK != null);
    }

    /** The state before any byte, hashed by the JDK or (for the tests of the fallback) by the plain code. */
    static Sha256State fresh(boolean useJdk) {
        if (useJdk && JDK == null) {
            throw new IllegalStateException("this runtime keeps the JDK's SHA-256 state closed");
        }
        return useJdk ? new Sha256State(newJdkDigest(), null) : new Sha256State(null, new PlainSha256());
    }

    private static byte[] read(ByteBuffer in, byte[] into) {
        in.get(into);
        return into;
    }

    static Sha256State restore(byte[] saved, boolean useJdk) {
        ByteBuffer in = ByteBuffer.wrap(saved);
        byte[] magic = new byte[MAGIC.length];
        if (saved.length < MAGIC.length + 32 + 8 || !Arrays.equals(read(in, magic), MAGIC)) {
            throw new IllegalArgumentException("not a saved SHA-256 state");
        }
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = in.getInt();
        }
        long count = in.getLong();
        byte[] partial = new byte[in.remaining()];
        in.get(partial);
        if (count < 0 || partial.length != count % BLOCK) {
            throw new IllegalArgumentException("a saved SHA-256 state with " + partial.length + " pending bytes for a count of " + count);
        }
        Sha256State state = fresh(useJdk);
        if (state.jdk != null) {
            JDK.write(state.jdk, words, count, partial);
        } else {
            state.plain.load(words, count, partial);
        }
        return state;
    }

    /** Whether this runtime hashes at the JDK's speed (its state reachable) rather than with the plain-Java fallback. */
    public static boolean fast() {
        return JDK != null;
    }

    public void update(byte[] bytes, int offset, int length) {
        if (jdk != null) {
            jdk.update(bytes, offset, length);
        } else {
            plain.update(bytes, offset, length);
        }
    }

    /** How many bytes were hashed, from the very first (across every restore). */
    public long count() {
        return jdk != null ? JDK.count(jdk) : plain.count;
    }

    /** The state now, to be restored later; hashing may go on after. */
    public byte[] save() {
        int[] words;
        long count;
        byte[] partial;
        if (jdk != null) {
            words = JDK.words(jdk);
            count = JDK.count(jdk);
            partial = JDK.partial(jdk);
        } else {
            words = plain.h.clone();
            count = plain.count;
            partial = Arrays.copyOf(plain.block, (int) (plain.count % BLOCK));
        }
        ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 32 + 8 + partial.length).put(MAGIC);
        for (int word : words) {
            out.putInt(word);
        }
        return out.putLong(count).put(partial).array();
    }

    /** The digest of everything hashed so far; hashing may go on after. */
    public Digest digest() {
        if (jdk != null) {
            try {
                return Digest.of(((MessageDigest) jdk.clone()).digest());
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("the JDK's SHA-256 is cloneable", e);
            }
        }
        return Digest.of(plain.copy().finish());
    }

    private static MessageDigest newJdkDigest() {
        try {
            return MessageDigest.getInstance("SHA-256", "SUN");
        } catch (NoSuchAlgorithmException | java.security.NoSuchProviderException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Reads and writes the state of the SUN provider's SHA-256 (sun.security.provider.SHA2 and DigestBase). */
    private static final class JdkState {
        private final Field spi;
        private final Field state;
        private final Field buffer;
        private final Field bufOfs;
        private final Field bytesProcessed;

        private JdkState(Field spi, Field state, Field buffer, Field bufOfs, Field bytesProcessed) {
            this.spi = spi;
            this.state = state;
            this.buffer = buffer;
            this.bufOfs = bufOfs;
            this.bytesProcessed = bytesProcessed;
        }

        /** The accessors, checked against the plain implementation on a sample; null where the runtime keeps them closed. */
        static JdkState open() {
            try {
                return accessors();
            } catch (ReflectiveOperationException | RuntimeException closed) {
                return openedToUs() ? accessorsOrNull() : null;
            }
        }

        private static JdkState accessorsOrNull() {
            try {
                return accessors();
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        /**
         * Opens the two packages to this class where the runtime opens {@code java.lang} to it: Quarkus' jar does
         * ({@code Add-Opens: java.base/java.lang} in its manifest, which Quarkus writes and overwrites), so it needs no
         * flag of the operator's.
         */
        private static boolean openedToUs() {
            try {
                java.lang.reflect.Method open = Module.class.getDeclaredMethod("implAddOpens", String.class, Module.class);
                open.setAccessible(true);
                for (String pkg : new String[] {"java.security", "sun.security.provider"}) {
                    open.invoke(Object.class.getModule(), pkg, Sha256State.class.getModule());
                }
                return true;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return false;
            }
        }

        private static JdkState accessors() throws ReflectiveOperationException {
            Class<?> delegate = Class.forName("java.security.MessageDigest$Delegate");
            Class<?> sha2 = Class.forName("sun.security.provider.SHA2");
            Class<?> base = Class.forName("sun.security.provider.DigestBase");
            JdkState access = new JdkState(accessible(delegate, "digestSpi"), accessible(sha2, "state"), accessible(base, "buffer"),
                    accessible(base, "bufOfs"), accessible(base, "bytesProcessed"));
            if (!access.agreesWithPlain()) {
                throw new IllegalStateException("another JDK's layout of SHA-256");
            }
            return access;
        }

        private static Field accessible(Class<?> owner, String name) throws NoSuchFieldException {
            Field field = owner.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        }

        /** A save and restore through these fields gives the same digest as the plain code: the layout is what we think. */
        private boolean agreesWithPlain() {
            byte[] sample = new byte[150];
            for (int i = 0; i < sample.length; i++) {
                sample[i] = (byte) (i * 31 + 7);
            }
            MessageDigest first = newJdkDigest();
            first.update(sample, 0, 100);
            MessageDigest second = newJdkDigest();
            write(second, words(first), count(first), partial(first));
            second.update(sample, 100, 50);
            PlainSha256 plain = new PlainSha256();
            plain.update(sample, 0, sample.length);
            return Arrays.equals(second.digest(), plain.finish());
        }

        private Object spiOf(MessageDigest digest) {
            try {
                return spi.get(digest);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        int[] words(MessageDigest digest) {
            try {
                return ((int[]) state.get(spiOf(digest))).clone();
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        long count(MessageDigest digest) {
            try {
                return bytesProcessed.getLong(spiOf(digest));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        byte[] partial(MessageDigest digest) {
            try {
                Object engine = spiOf(digest);
                return Arrays.copyOf((byte[]) buffer.get(engine), bufOfs.getInt(engine));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        void write(MessageDigest digest, int[] words, long count, byte[] partial) {
            try {
                Object engine = spiOf(digest);
                System.arraycopy(words, 0, (int[]) state.get(engine), 0, 8);
                System.arraycopy(partial, 0, (byte[]) buffer.get(engine), 0, partial.length);
                bufOfs.setInt(engine, partial.length);
                bytesProcessed.setLong(engine, count);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** FIPS 180-4 SHA-256 in plain Java: the fallback, and the reference the JDK accessors are checked against. */
    private static final class PlainSha256 {
        private static final int[] K = {0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
                0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
                0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152,
                0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138,
                0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70,
                0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
                0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa,
                0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
        final int[] h = INITIAL.clone();
        final byte[] block = new byte[BLOCK];
        private final int[] w = new int[64];
        long count;

        void load(int[] words, long bytes, byte[] partial) {
            System.arraycopy(words, 0, h, 0, 8);
            System.arraycopy(partial, 0, block, 0, partial.length);
            count = bytes;
        }

        PlainSha256 copy() {
            PlainSha256 copy = new PlainSha256();
            copy.load(h, count, Arrays.copyOf(block, (int) (count % BLOCK)));
            return copy;
        }

        void update(byte[] bytes, int offset, int length) {
            for (int i = 0; i < length; i++) {
                block[(int) (count % BLOCK)] = bytes[offset + i];
                count++;
                if (count % BLOCK == 0) {
                    compress();
                }
            }
        }

        byte[] finish() {
            long bits = count * 8;
            update(new byte[] {(byte) 0x80}, 0, 1);
            while (count % BLOCK != 56) {
                update(new byte[1], 0, 1);
            }
            update(ByteBuffer.allocate(8).putLong(bits).array(), 0, 8);
            ByteBuffer out = ByteBuffer.allocate(32);
            for (int word : h) {
                out.putInt(word);
            }
            return out.array();
        }

        private void compress() {
            ByteBuffer in = ByteBuffer.wrap(block);
            for (int t = 0; t < 16; t++) {
                w[t] = in.getInt();
            }
            for (int t = 16; t < 64; t++) {
                int s0 = Integer.rotateRight(w[t - 15], 7) ^ Integer.rotateRight(w[t - 15], 18) ^ (w[t - 15] >>> 3);
                int s1 = Integer.rotateRight(w[t - 2], 17) ^ Integer.rotateRight(w[t - 2], 19) ^ (w[t - 2] >>> 10);
                w[t] = w[t - 16] + s0 + w[t - 7] + s1;
            }
            int a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
            for (int t = 0; t < 64; t++) {
                int t1 = k + (Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t];
                int t2 = (Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
                k = g;
                g = f;
                f = e;
                e = d + t1;
                d = c;
                c = b;
                b = a;
                a = t1 + t2;
            }
            h[0] += a;
            h[1] += b;
            h[2] += c;
            h[3] += d;
            h[4] += e;
            h[5] += f;
            h[6] += g;
            h[7] += k;
        }
    }
}
