package org.stele.domain.files;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Reads the header of a GGUF file (llama.cpp): magic, version, tensor and key/value counts, the metadata
 * key/values, then the tensor infos. Keeps the architecture, context length, file type (quantisation),
 * an explicit parameter count if present, and counts parameters and types from the tensor infos. Reads at
 * most {@link #MAX_HEADER_BYTES}; strings and arrays are skipped without being held, so a lying count
 * costs reading time up to that bound, never memory.
 */
public final class GgufHeader {
    /** Metadata with a full tokenizer vocabulary runs to a few MiB; tensor infos a few hundred KiB. */
    public static final int MAX_HEADER_BYTES = 64 * 1024 * 1024;
    private static final int MAX_KEPT_STRING = 256;
    private static final String[] TENSOR_TYPES = {"f32", "f16", "q4_0", "q4_1", "q4_2", "q4_3", "q5_0", "q5_1", "q8_0",
        "q8_1", "q2_k", "q3_k", "q4_k", "q5_k", "q6_k", "q8_k", "iq2_xxs", "iq2_xs", "iq3_xxs", "iq1_s", "iq4_nl",
        "iq3_s", "iq2_s", "iq4_xs", "i8", "i16", "i32", "i64", "f64", "iq1_m", "bf16", "q4_0_4_4", "q4_0_4_8",
        "q4_0_8_8", "tq1_0", "tq2_0", "iq4_nl_4_4", "iq4_nl_4_8", "iq4_nl_8_8", "mxfp4"};
    private static final String[] FILE_TYPES = {"F32", "F16", "Q4_0", "Q4_1", "Q4_1_SOME_F16", "Q4_2", "Q4_3", "Q8_0",
        "Q5_0", "Q5_1", "Q2_K", "Q3_K_S", "Q3_K_M", "Q3_K_L", "Q4_K_S", "Q4_K_M", "Q5_K_S", "Q5_K_M", "Q6_K",
        "IQ2_XXS", "IQ2_XS", "Q2_K_S", "IQ3_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S", "IQ3_M", "IQ2_S", "IQ2_M",
        "IQ4_XS", "IQ1_M", "BF16", "Q4_0_4_4", "Q4_0_4_8", "Q4_0_8_8", "TQ1_0", "TQ2_0", "MXFP4_MOE"};

    private final InputStream in;
    private final byte[] scratch = new byte[8];
    private long read;

    private GgufHeader(InputStream in) {
        this.in = in;
    }

    /** How many bytes to open from the start of a file of {@code size} bytes to read its header. */
    public static long bytesToRead(long size) {
        return Math.min(size, MAX_HEADER_BYTES);
    }

    /** Reads the header from the start of the file; never throws on bad content, only on I/O failure. */
    public static FileFacts read(InputStream in) throws IOException {
        try {
            return new GgufHeader(in).parse();
        } catch (EOFException e) {
            return FileFacts.warning("gguf", "GGUF header is truncated or longer than " + MAX_HEADER_BYTES + " bytes");
        } catch (IllegalArgumentException | ArithmeticException e) {
            return FileFacts.warning("gguf", "GGUF header is not valid: " + e.getMessage());
        }
    }

    private FileFacts parse() throws IOException {
        if (u32() != 0x46554747) { // "GGUF" little-endian
            throw new IllegalArgumentException("no GGUF magic");
        }
        long version = u32();
        if (version < 1 || version > 3) {
            throw new IllegalArgumentException("unknown GGUF version " + version);
        }
        long tensorCount = version == 1 ? u32() : u64();
        long kvCount = version == 1 ? u32() : u64();
        if (tensorCount < 0 || kvCount < 0) {
            throw new IllegalArgumentException("negative count");
        }
        String architecture = null;
        Long fileType = null;
        Long declaredParameters = null;
        List<String[]> contextLengths = new ArrayList<>();
        for (long i = 0; i < kvCount; i++) {
            String key = string(version, MAX_KEPT_STRING);
            int type = (int) u32();
            if (type == 8) {
                String value = string(version, MAX_KEPT_STRING);
                if ("general.architecture".equals(key)) {
                    architecture = value;
                }
            } else if (type == 9) {
                skipArray(version);
            } else {
                long value = scalar(type);
                if ("general.file_type".equals(key)) {
                    fileType = value;
                } else if ("general.parameter_count".equals(key)) {
                    declaredParameters = value;
                } else if (key != null && key.endsWith(".context_length")) {
                    contextLengths.add(new String[] {key, Long.toString(value)});
                }
            }
        }
        Long contextLength = null;
        for (String[] c : contextLengths) {
            if (c[0].equals(architecture + ".context_length")) {
                contextLength = Long.parseLong(c[1]);
            }
        }
        TreeSet<String> dtypes = new TreeSet<>();
        long parameters = 0;
        for (long i = 0; i < tensorCount; i++) {
            string(version, 0);
            long dims = u32();
            if (dims > 8) {
                throw new IllegalArgumentException("tensor with " + dims + " dimensions");
            }
            long elements = 1;
            for (int d = 0; d < dims; d++) {
                long dim = version == 1 ? u32() : u64();
                if (dim < 0) {
                    throw new IllegalArgumentException("negative dimension");
                }
                elements = Math.multiplyExact(elements, dim);
            }
            int type = (int) u32();
            dtypes.add(type >= 0 && type < TENSOR_TYPES.length ? TENSOR_TYPES[type] : "type" + type);
            u64(); // offset
            parameters = Math.addExact(parameters, elements);
        }
        String quantization = fileType == null ? null
                : fileType >= 0 && fileType < FILE_TYPES.length ? FILE_TYPES[fileType.intValue()] : "type" + fileType;
        return new FileFacts("gguf", tensorCount, declaredParameters != null ? declaredParameters : parameters,
                List.copyOf(dtypes), architecture, quantization, contextLength, null, List.of());
    }

    /** A scalar value as a long (floats and bools as their integer part); only integer keys are kept. */
    private long scalar(int type) throws IOException {
        return switch (type) {
            case 0, 7 -> bytes(1) & 0xFF;
            case 1 -> (byte) bytes(1);
            case 2 -> bytes(2) & 0xFFFF;
            case 3 -> (short) bytes(2);
            case 4 -> u32();
            case 5 -> (int) bytes(4);
            case 6 -> (long) Float.intBitsToFloat((int) bytes(4));
            case 10, 11 -> u64();
            case 12 -> (long) Double.longBitsToDouble(u64());
            default -> throw new IllegalArgumentException("unknown value type " + type);
        };
    }

    private void skipArray(long version) throws IOException {
        int type = (int) u32();
        long count = version == 1 ? u32() : u64();
        if (count < 0) {
            throw new IllegalArgumentException("negative array length");
        }
        for (long i = 0; i < count; i++) {
            switch (type) {
                case 8 -> string(version, 0);
                case 9 -> throw new IllegalArgumentException("nested arrays are not read");
                default -> scalar(type);
            }
        }
    }

    /** A length-prefixed string: kept when at most {@code keep} bytes, else skipped (null). */
    private String string(long version, int keep) throws IOException {
        long length = version == 1 ? u32() : u64();
        if (length < 0 || length > MAX_HEADER_BYTES - read) {
            throw new EOFException();
        }
        if (length <= keep) {
            byte[] b = readFully((int) length);
            return new String(b, StandardCharsets.UTF_8);
        }
        skip(length);
        return null;
    }

    private long u32() throws IOException {
        return bytes(4) & 0xFFFFFFFFL;
    }

    private long u64() throws IOException {
        return bytes(8);
    }

    private long bytes(int n) throws IOException {
        fill(scratch, n);
        ByteBuffer b = ByteBuffer.wrap(scratch, 0, n).order(ByteOrder.LITTLE_ENDIAN);
        return switch (n) {
            case 1 -> b.get();
            case 2 -> b.getShort();
            case 4 -> b.getInt();
            default -> b.getLong();
        };
    }

    private byte[] readFully(int n) throws IOException {
        byte[] b = new byte[n];
        fill(b, n);
        return b;
    }

    private void fill(byte[] b, int n) throws IOException {
        if (in.readNBytes(b, 0, n) < n) {
            throw new EOFException();
        }
        count(n);
    }

    private void skip(long n) throws IOException {
        in.skipNBytes(n); // throws EOFException past the end
        count(n);
    }

    private void count(long n) throws EOFException {
        read += n;
        if (read > MAX_HEADER_BYTES) {
            throw new EOFException();
        }
    }

}
