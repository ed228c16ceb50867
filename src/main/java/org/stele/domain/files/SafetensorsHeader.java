package org.stele.domain.files;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Reads the header of a safetensors file: an 8-byte little-endian length, then that many bytes of JSON
 * mapping tensor names to {@code dtype}, {@code shape} and {@code data_offsets}. Only the header bytes are
 * read, never more than {@link #MAX_HEADER_BYTES}; a truncated or lying header gives a warning.
 */
public final class SafetensorsHeader {
    /** The reference implementation refuses headers above 100 MB; real ones are a few hundred KiB. */
    public static final int MAX_HEADER_BYTES = 16 * 1024 * 1024;
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(1 << 20).build())
            .build();

    private SafetensorsHeader() {
    }

    /** How many bytes to open from the start of a file of {@code size} bytes to read its header. */
    public static long bytesToRead(long size) {
        return Math.min(size, 8L + MAX_HEADER_BYTES);
    }

    /** Reads the header from the start of the file; {@code fileSize} is the whole file's size. */
    public static FileFacts read(InputStream in, long fileSize) throws IOException {
        byte[] prefix = in.readNBytes(8);
        if (prefix.length < 8) {
            return FileFacts.warning("safetensors", "safetensors file is shorter than its 8-byte header length");
        }
        long length = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (length <= 1 || length > MAX_HEADER_BYTES || length > fileSize - 8) {
            return FileFacts.warning("safetensors", "safetensors header length " + Long.toUnsignedString(length)
                    + " is impossible for a file of " + fileSize + " bytes (at most " + MAX_HEADER_BYTES + " read)");
        }
        byte[] header = in.readNBytes((int) length);
        if (header.length < length) {
            return FileFacts.warning("safetensors", "safetensors header is truncated");
        }
        try {
            return parse(header, fileSize - 8 - length);
        } catch (IOException | ArithmeticException | IllegalArgumentException e) {
            return FileFacts.warning("safetensors", "safetensors header is not valid: " + e.getMessage());
        }
    }

    private static FileFacts parse(byte[] header, long dataSize) throws IOException {
        long tensors = 0;
        long parameters = 0;
        TreeSet<String> dtypes = new TreeSet<>();
        List<String> warnings = new ArrayList<>();
        try (JsonParser p = JSON.createParser(header)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("__metadata__".equals(name) || value != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    continue;
                }
                long elements = 1;
                boolean shaped = false;
                long[] offsets = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken t = p.nextToken();
                    switch (field) {
                        case "dtype" -> {
                            if (t == JsonToken.VALUE_STRING && p.getTextLength() <= 16) {
                                dtypes.add(p.getText().toLowerCase(Locale.ROOT));
                            }
                        }
                        case "shape" -> {
                            expect(t, JsonToken.START_ARRAY);
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                long dim = p.getLongValue();
                                if (dim < 0) {
                                    throw new IllegalArgumentException("negative dimension in " + name);
                                }
                                elements = Math.multiplyExact(elements, dim);
                            }
                            shaped = true;
                        }
                        case "data_offsets" -> {
                            expect(t, JsonToken.START_ARRAY);
                            long[] o = new long[2];
                            int i = 0;
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                if (i < 2) {
                                    o[i] = p.getLongValue();
                                }
                                i++;
                            }
                            offsets = i == 2 ? o : null;
                        }
                        default -> p.skipChildren();
                    }
                }
                if (!shaped) {
                    throw new IllegalArgumentException("tensor " + name + " has no shape");
                }
                if (offsets != null && (offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > dataSize)
                        && warnings.isEmpty()) {
                    warnings.add("tensor " + name + " points outside the file's data");
                }
                tensors++;
                parameters = Math.addExact(parameters, elements);
            }
        }
        return new FileFacts("safetensors", tensors, parameters, List.copyOf(dtypes), null, null, null, null, warnings);
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new IllegalArgumentException("expected " + expected + " but found " + actual);
        }
    }
}
