package org.stele.support;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Small but well-formed weights files, built byte by byte as the formats define them. */
public final class WeightFiles {
    private WeightFiles() {
    }

    /** A safetensors file: 8-byte little-endian header length, the JSON header, then {@code dataBytes} zero bytes. */
    public static byte[] safetensors(String headerJson, int dataBytes) {
        byte[] header = headerJson.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        return b.array();
    }

    /** A GGUF v3 writer: add key/values and tensor infos, then {@link #bytes()}. */
    public static final class Gguf {
        private final ByteArrayOutputStream kvs = new ByteArrayOutputStream();
        private final ByteArrayOutputStream tensors = new ByteArrayOutputStream();
        private long kvCount;
        private long tensorCount;

        public Gguf string(String key, String value) {
            str(kvs, key);
            u32(kvs, 8);
            str(kvs, value);
            kvCount++;
            return this;
        }

        public Gguf u32(String key, long value) {
            str(kvs, key);
            u32(kvs, 4);
            u32(kvs, value);
            kvCount++;
            return this;
        }

        public Gguf u64(String key, long value) {
            str(kvs, key);
            u32(kvs, 10);
            u64(kvs, value);
            kvCount++;
            return this;
        }

        /** An array of strings, e.g. a tokenizer vocabulary. */
        public Gguf strings(String key, String... values) {
            str(kvs, key);
            u32(kvs, 9);
            u32(kvs, 8);
            u64(kvs, values.length);
            for (String v : values) {
                str(kvs, v);
            }
            kvCount++;
            return this;
        }

        public Gguf tensor(String name, int ggmlType, long... dims) {
            str(tensors, name);
            u32(tensors, dims.length);
            for (long d : dims) {
                u64(tensors, d);
            }
            u32(tensors, ggmlType);
            u64(tensors, 0);
            tensorCount++;
            return this;
        }

        public byte[] bytes() {
            return bytes(tensorCount, kvCount);
        }

        /** With counts that need not be true. */
        public byte[] bytes(long declaredTensors, long declaredKvs) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes("GGUF".getBytes(StandardCharsets.US_ASCII));
            u32(out, 3);
            u64(out, declaredTensors);
            u64(out, declaredKvs);
            out.writeBytes(kvs.toByteArray());
            out.writeBytes(tensors.toByteArray());
            return out.toByteArray();
        }

        private static void str(ByteArrayOutputStream out, String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u64(out, b.length);
            out.writeBytes(b);
        }

        private static void u32(ByteArrayOutputStream out, long v) {
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
        }

        private static void u64(ByteArrayOutputStream out, long v) {
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
        }
    }
}
