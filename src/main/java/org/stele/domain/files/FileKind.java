package org.stele.domain.files;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;

/** What role a file plays in a model version; guessed from its name unless the uploader says. */
public enum FileKind {
    WEIGHTS("weights"),
    TOKENIZER("tokenizer"),
    CONFIG("config"),
    MODEL_CARD("model-card"),
    DATA_DESCRIPTOR("data-descriptor"),
    CODE("code"),
    OTHER("other");

    private static final Set<String> WEIGHT_EXTENSIONS =
            Set.of("safetensors", "gguf", "bin", "pt", "pth", "ckpt", "onnx", "h5", "msgpack");
    private static final Set<String> TOKENIZER_NAMES =
            Set.of("tokenizer.model", "merges.txt", "special_tokens_map.json", "added_tokens.json");
    private static final Set<String> MODEL_CARD_NAMES = Set.of("readme.md", "model_card.md", "modelcard.md");
    private static final Set<String> DATA_DESCRIPTOR_NAMES = Set.of("croissant.json", "datasheet.json", "datasheet.md", "data_card.md");
    private static final Set<String> CODE_EXTENSIONS = Set.of("py", "ipynb", "sh");

    private final String label;

    FileKind(String label) {
        this.label = label;
    }

    /** The JSON and API spelling, e.g. {@code model-card}. */
    @JsonValue
    public String label() {
        return label;
    }

    /**
     * Reads a kind given by a client.
     *
     * @throws ArchiveException 400 {@code invalid_kind} naming the allowed values
     */
    public static FileKind parse(String text) {
        for (FileKind kind : values()) {
            if (kind.label.equals(text)) {
                return kind;
            }
        }
        String allowed = Arrays.stream(values()).map(FileKind::label).collect(Collectors.joining(", "));
        throw new ArchiveException(ErrorCode.INVALID_KIND, "'" + text + "' is not a file kind; expected one of: " + allowed);
    }

    /** Guesses the kind from the last path segment, ignoring case. First matching rule wins. */
    public static FileKind infer(String path) {
        String name = fileName(path);
        String extension = extension(name);
        String stem = extension.isEmpty() ? name : name.substring(0, name.length() - extension.length() - 1);
        if (DATA_DESCRIPTOR_NAMES.contains(name) || name.contains(".datacard.")) {
            return DATA_DESCRIPTOR;
        }
        // Hugging Face Trainer pickles its arguments under a weights-like name.
        if (name.equals("training_args.bin")) {
            return OTHER;
        }
        if (WEIGHT_EXTENSIONS.contains(extension)) {
            return WEIGHTS;
        }
        // Before the config rule: tokenizer_config.json belongs to the tokenizer.
        if (TOKENIZER_NAMES.contains(name) || extension.equals("model") || name.startsWith("vocab")
                || (name.startsWith("tokenizer") && extension.equals("json"))) {
            return TOKENIZER;
        }
        if (MODEL_CARD_NAMES.contains(name)) {
            return MODEL_CARD;
        }
        if ((extension.equals("json") || extension.equals("yaml") || extension.equals("yml")) && stem.endsWith("config")) {
            return CONFIG;
        }
        if (CODE_EXTENSIONS.contains(extension) || name.equals("requirements.txt")) {
            return CODE;
        }
        return OTHER;
    }

    /**
     * The media type of a file by the extension of its name, lower-cased; anything else (weights, sentencepiece models,
     * no or unknown extension) is {@link #OPAQUE}. Every manifest digest covers these values, so the table never changes
     * (DESIGN invariant 1); docs/manifest.md documents it and a test holds the two together.
     */
    private static final Map<String, String> MEDIA_TYPES = Map.of(
            "json", "application/json",
            "md", "text/markdown; charset=utf-8",
            "txt", "text/plain; charset=utf-8",
            "yaml", "application/yaml",
            "yml", "application/yaml",
            "py", "text/x-python; charset=utf-8",
            "ipynb", "application/x-ipynb+json");

    /** The media type of every file whose extension {@link #mediaTypes()} does not name. */
    public static final String OPAQUE = "application/octet-stream";

    /** The {@code Content-Type} to serve a file with, from its extension; it is also the file's manifest media type. */
    public static String mediaType(String path) {
        return MEDIA_TYPES.getOrDefault(extension(fileName(path)), OPAQUE);
    }

    /** Extension (lower case, no dot) → media type, as {@link #mediaType(String)} applies it. */
    public static Map<String, String> mediaTypes() {
        return MEDIA_TYPES;
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot + 1);
    }
}
