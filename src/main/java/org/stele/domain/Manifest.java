package org.stele.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * The canonical list of files of a published version; its digest pins the version's content.
 *
 * <p>The bytes are the RFC 8785 (JCS) form of
 * {@code {"files":[{"digest":…,"mediaType":…,"path":…,"size":…},…]}} with files sorted by path in
 * UTF-16 code-unit order. To recompute the digest without Stele:
 * <ol>
 *   <li>sort the files by path (UTF-16 code units; equal to byte order for BMP-only paths);</li>
 *   <li>emit {@code {"files":[…]}} with the keys of each file in the order above, no whitespace,
 *       strings escaping only {@code "}, {@code \} and control characters, everything else as raw
 *       UTF-8 (so {@code é} stays two bytes, not {@code \u00e9});</li>
 *   <li>take the SHA-256 of those bytes.</li>
 * </ol>
 * {@code jq -cjS} comes close but is not guaranteed to match RFC 8785 for every string, so prefer an
 * RFC 8785 library (e.g. {@code canonicalize} in Python or JavaScript). docs/manifest.md documents all of it, with the
 * media-type table of {@link org.stele.domain.files.FileKind#mediaType(String)}.
 */
public final class Manifest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Entry> entries;
    private final byte[] canonicalBytes;

    /**
     * One file of the version.
     *
     * @param digest {@code sha256:<hex>}
     */
    public record Entry(String path, long size, String digest, String mediaType) {
        // RFC 8785 writes numbers as IEEE doubles; larger sizes would silently change.
        private static final long MAX_EXACT = (1L << 53) - 1;

        public Entry {
            if (path == null || mediaType == null) {
                throw new IllegalArgumentException("path and media type are required");
            }
            if (size < 0 || size > MAX_EXACT) {
                throw new IllegalArgumentException("size out of range: " + size);
            }
            Digest.parse(digest);
        }
    }

    private Manifest(List<Entry> entries) {
        this.entries = entries;
        this.canonicalBytes = canonicalize(entries);
    }

    /** Builds the manifest; input order does not matter, a path may appear only once. */
    public static Manifest of(Collection<Entry> files) {
        // String.compareTo is UTF-16 code-unit order, the order RFC 8785 uses for keys.
        List<Entry> sorted = files.stream().sorted(Comparator.comparing(Entry::path)).toList();
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).path().equals(sorted.get(i - 1).path())) {
                throw new IllegalArgumentException("duplicate path in manifest: " + sorted.get(i).path());
            }
        }
        return new Manifest(sorted);
    }

    /** The files, sorted by path. */
    public List<Entry> entries() {
        return entries;
    }

    /** The RFC 8785 canonical JSON, UTF-8. */
    public byte[] canonicalBytes() {
        return canonicalBytes.clone();
    }

    /** SHA-256 of {@link #canonicalBytes()}. */
    public Digest digest() {
        return Digest.ofContent(canonicalBytes);
    }

    private static byte[] canonicalize(List<Entry> entries) {
        try {
            String json = JSON.writeValueAsString(Map.of("files", entries));
            return new JsonCanonicalizer(json).getEncodedUTF8();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("manifest entries are plain values", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
