package org.stele.archive.distribution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.erdtman.jcs.JsonCanonicalizer;
import org.stele.domain.Author;
import org.stele.domain.Description;
import org.stele.domain.Digest;
import org.stele.domain.License;
import org.stele.domain.files.FileFacts;

/**
 * A published version as a CNCF ModelPack artifact: an OCI image manifest whose config
 * ({@code application/vnd.cncf.model.config.v1+json}) is built from the version's frozen description and weight facts,
 * and one {@code .raw} layer per file, so every layer digest is the file's SHA-256 and its bytes are the stored blob.
 *
 * <p>Both documents are RFC 8785 (JCS) JSON derived from frozen inputs only (label, identifier, publication instant,
 * the description frozen at publish, the files and what was read from them when added), never from aliases, visibility,
 * the model's later edits or configuration: re-deriving them after a restart, a catalog rebuild or an upgrade gives the
 * same bytes, so the OCI manifest digest never changes (DESIGN invariant 1). Changing anything below changes every
 * digest ever handed out: don't. docs/oci.md documents the mapping.
 */
public final class ModelPackManifest {
    public static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
    public static final String ARTIFACT_TYPE = "application/vnd.cncf.model.manifest.v1+json";
    public static final String CONFIG_MEDIA_TYPE = "application/vnd.cncf.model.config.v1+json";
    public static final String FILEPATH = "org.cncf.model.filepath";
    public static final String TITLE = "org.opencontainers.image.title";
    /** The version's persistent identifier, which cannot be a tag. */
    public static final String IDENTIFIER = "org.stele.identifier";
    /** Stele's own manifest digest (of the canonical file list), which is not the OCI manifest's digest. */
    public static final String STELE_MANIFEST = "org.stele.manifest.digest";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> WEIGHT_CONFIG_EXTENSIONS = Set.of("json", "jsonl", "yaml", "yml", "toml", "ini");
    /** Tensor element types as the weights headers spell them → ModelPack precision names; others leave precision out. */
    private static final Map<String, String> PRECISIONS = Map.ofEntries(
            Map.entry("f64", "float64"), Map.entry("f32", "float32"), Map.entry("f16", "float16"),
            Map.entry("bf16", "bfloat16"), Map.entry("f8_e4m3", "float8_e4m3"), Map.entry("f8_e5m2", "float8_e5m2"),
            Map.entry("i64", "int64"), Map.entry("i32", "int32"), Map.entry("i16", "int16"), Map.entry("i8", "int8"),
            Map.entry("u64", "uint64"), Map.entry("u32", "uint32"), Map.entry("u16", "uint16"), Map.entry("u8", "uint8"),
            Map.entry("bool", "bool"));

    /** One file of the frozen version, as the catalog (or its stored record) holds it. */
    public record File(String path, long size, Digest digest, String kind, FileFacts facts) {
    }

    /** What the artifact is derived from: all of it frozen when the version was published. */
    public record Frozen(String namespace, String name, String label, String pid, String manifestDigest, Instant publishedAt,
            Description description, List<File> files) {
    }

    /** A derived document: its exact bytes and their digest. */
    public record Document(byte[] bytes, Digest digest) {
        static Document of(byte[] bytes) {
            return new Document(bytes, Digest.ofContent(bytes));
        }

        public long size() {
            return bytes.length;
        }
    }

    /** The derived artifact: its manifest, its config, and its layers in manifest order. */
    public record Artifact(Document manifest, Document config, List<File> layers) {
    }

    private ModelPackManifest() {
    }

    public static Artifact of(Frozen version) {
        // Layers in path order, by UTF-16 code units (not the database's collation).
        List<File> layers = version.files().stream().sorted(Comparator.comparing(File::path)).toList();
        Document config = Document.of(canonical(config(version, layers)));
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MANIFEST_MEDIA_TYPE);
        manifest.put("artifactType", ARTIFACT_TYPE);
        manifest.put("config", Map.of("mediaType", CONFIG_MEDIA_TYPE, "digest", config.digest().toString(), "size", config.size()));
        List<Object> descriptors = new ArrayList<>();
        for (File file : layers) {
            descriptors.add(Map.of("mediaType", layerMediaType(file), "digest", file.digest().toString(), "size", file.size(),
                    "annotations", Map.of(FILEPATH, file.path(), TITLE, file.path())));
        }
        manifest.put("layers", descriptors);
        manifest.put("annotations", annotations(version));
        return new Artifact(Document.of(canonical(manifest)), config, layers);
    }

    /** {@code application/vnd.cncf.model.<kind>.v1.raw} by the file's kind (and, for kind other, its extension). */
    public static String layerMediaType(File file) {
        String kind = switch (file.kind() == null ? "other" : file.kind()) {
            case "weights" -> "weight";
            case "tokenizer", "config" -> "weight.config";
            case "model-card" -> "doc";
            case "data-descriptor" -> "dataset";
            case "code" -> "code";
            default -> WEIGHT_CONFIG_EXTENSIONS.contains(extension(file.path())) ? "weight.config" : "doc";
        };
        return "application/vnd.cncf.model." + kind + ".v1.raw";
    }

    private static Map<String, Object> annotations(Frozen version) {
        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put("org.opencontainers.image.created", created(version.publishedAt()));
        annotations.put("org.opencontainers.image.version", version.label());
        annotations.put("org.opencontainers.image.ref.name", version.label());
        Description d = version.description() == null ? Description.NONE : version.description();
        if (d.title() != null) {
            annotations.put("org.opencontainers.image.title", d.title());
        }
        if (d.authors() != null && !d.authors().isEmpty()) {
            annotations.put("org.opencontainers.image.authors", String.join(", ", d.authors().stream().map(Author::name).toList()));
        }
        if (license(d) != null) {
            annotations.put("org.opencontainers.image.licenses", license(d));
        }
        annotations.put(IDENTIFIER, version.pid());
        annotations.put(STELE_MANIFEST, version.manifestDigest());
        return annotations;
    }

    private static Map<String, Object> config(Frozen version, List<File> layers) {
        Description d = version.description() == null ? Description.NONE : version.description();
        Map<String, Object> descriptor = new LinkedHashMap<>();
        descriptor.put("createdAt", created(version.publishedAt()));
        if (d.authors() != null && !d.authors().isEmpty()) {
            descriptor.put("authors", d.authors().stream().map(Author::name).toList());
        }
        descriptor.put("name", version.namespace() + "/" + version.name());
        descriptor.put("version", version.label());
        if (d.title() != null) {
            descriptor.put("title", d.title());
        }
        if (license(d) != null) {
            descriptor.put("licenses", List.of(license(d)));
        }
        Map<String, Object> model = new LinkedHashMap<>();
        List<FileFacts> weights = layers.stream().filter(f -> "weights".equals(f.kind()) && f.facts() != null).map(File::facts).toList();
        Set<String> formats = new LinkedHashSet<>();
        weights.forEach(f -> {
            if (f.format() != null) {
                formats.add(f.format());
            }
        });
        if (formats.size() == 1) {
            model.put("format", formats.iterator().next());
        }
        long parameters = weights.stream().mapToLong(f -> f.parameterCount() == null ? 0 : f.parameterCount()).sum();
        if (parameters > 0) {
            model.put("paramSize", paramSize(parameters));
        }
        String precision = precision(weights);
        if (precision != null) {
            model.put("precision", precision);
        }
        return Map.of("descriptor", descriptor, "config", model,
                "modelfs", Map.of("type", "layers", "diffIds", layers.stream().map(f -> f.digest().toString()).toList()));
    }

    /** Mixed precisions comma-separated in sorted order; left out when a type has no ModelPack name. */
    private static String precision(List<FileFacts> weights) {
        Set<String> names = new java.util.TreeSet<>();
        for (FileFacts facts : weights) {
            for (String dtype : facts.dtypes()) {
                String name = PRECISIONS.get(dtype.toLowerCase(Locale.ROOT));
                if (name == null) {
                    return null;
                }
                names.add(name);
            }
        }
        return names.isEmpty() ? null : String.join(",", names);
    }

    /** {@code <count><prefix>} with at most one decimal: 6738415616 → {@code 6.7B}, 124000000 → {@code 124M}, 500 → {@code 0.5K}. */
    static String paramSize(long parameters) {
        String[] prefixes = {"K", "M", "B", "T"};
        int scale = 0; // the spec wants a prefix, so a few hundred parameters are a fraction of K
        BigDecimal value = BigDecimal.valueOf(parameters).divide(BigDecimal.valueOf(1000));
        while (scale < prefixes.length - 1 && value.compareTo(BigDecimal.valueOf(1000)) >= 0) {
            value = value.divide(BigDecimal.valueOf(1000));
            scale++;
        }
        value = value.setScale(1, RoundingMode.HALF_UP).stripTrailingZeros();
        return value.toPlainString() + prefixes[scale];
    }

    private static String license(Description d) {
        return d.license() == null || License.OTHER.equals(d.license()) ? null : d.license();
    }

    private static String created(Instant publishedAt) {
        return publishedAt.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String extension(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot + 1);
    }

    private static byte[] canonical(Object document) {
        try {
            return new JsonCanonicalizer(JSON.writeValueAsString(document)).getEncodedUTF8();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("artifact documents are plain values", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
