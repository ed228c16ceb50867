package org.stele.domain.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What an OpenSSF {@code model_signing} v1.0 signature signs: an in-toto Statement v1 whose predicate lists every file
 * of the model ({@code files} serialization, SHA-256 of each whole file) and whose one subject is the root digest,
 * the SHA-256 over the concatenated raw digests in resource order. Resources sort by path components as the reference
 * implementation sorts {@code PurePath}s ({@code a/b} before {@code a-b}); a different order gives another root digest.
 */
public record ModelStatement(String name, List<Resource> resources, List<String> ignorePaths) {
    public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
    public static final String PREDICATE_TYPE = "https://model_signing/signature/v1.0";
    /** The name of the signature file in a model directory, which the signature leaves out of what it signs. */
    public static final String SIGNATURE_FILE = "model.sig";
    /** What {@code model_signing sign} leaves out by default: its own file and git's. */
    public static final List<String> DEFAULT_IGNORE_PATHS = List.of(SIGNATURE_FILE, ".git", ".gitattributes", ".github", ".gitignore");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Comparator<Resource> BY_PATH_COMPONENTS = (a, b) -> comparePaths(a.name(), b.name());

    /** One file: its path relative to the model root, and the lowercase hex SHA-256 of its bytes. */
    public record Resource(String name, String sha256) {
        public Resource {
            if (name == null || name.isEmpty() || !SHA256_HEX.matcher(sha256 == null ? "" : sha256).matches()) {
                throw new SignatureFormatException("a resource needs a path and a lowercase hex SHA-256 digest: " + name);
            }
        }
    }

    public ModelStatement {
        resources = resources.stream().sorted(BY_PATH_COMPONENTS).toList();
        for (int i = 1; i < resources.size(); i++) {
            if (resources.get(i).name().equals(resources.get(i - 1).name())) {
                throw new SignatureFormatException("the file " + resources.get(i).name() + " is listed twice");
            }
        }
        ignorePaths = List.copyOf(ignorePaths);
    }

    /** A statement over {@code files} (path → hex SHA-256), in the order the reference implementation uses. */
    public static ModelStatement of(String name, Map<String, String> files) {
        return new ModelStatement(name, files.entrySet().stream().map(e -> new Resource(e.getKey(), e.getValue())).toList(),
                DEFAULT_IGNORE_PATHS);
    }

    /** The root digest, lowercase hex: SHA-256 over the raw digest bytes of every resource in order. */
    public String rootDigest() {
        return rootDigest(resources);
    }

    private static String rootDigest(List<Resource> inOrder) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (Resource resource : inOrder) {
                sha256.update(HexFormat.of().parseHex(resource.sha256()));
            }
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Whether {@code path} is one the statement leaves out (itself, or under an ignored directory). */
    public boolean ignores(String path) {
        return ignorePaths.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
    }

    /** The statement as the JSON payload of a DSSE envelope. */
    public byte[] toJson() {
        ObjectNode statement = JSON.createObjectNode();
        statement.put("_type", STATEMENT_TYPE);
        ObjectNode subject = statement.putArray("subject").addObject();
        subject.put("name", name);
        subject.putObject("digest").put("sha256", rootDigest());
        statement.put("predicateType", PREDICATE_TYPE);
        ObjectNode predicate = statement.putObject("predicate");
        ObjectNode serialization = predicate.putObject("serialization");
        serialization.put("method", "files");
        serialization.put("hash_type", "sha256");
        serialization.put("allow_symlinks", false);
        ArrayNode ignored = serialization.putArray("ignore_paths");
        ignorePaths.forEach(ignored::add);
        ArrayNode list = predicate.putArray("resources");
        for (Resource resource : resources) {
            list.addObject().put("name", resource.name()).put("algorithm", "sha256").put("digest", resource.sha256());
        }
        try {
            return JSON.writeValueAsBytes(statement);
        } catch (IOException e) {
            throw new IllegalStateException("a statement is plain JSON", e);
        }
    }

    /**
     * Reads a signed payload as the reference verifier does: an in-toto Statement v1 with the v1.0 predicate, exactly one
     * subject, the {@code files} serialization with SHA-256, and a root digest its resources recompute to.
     */
    public static ModelStatement parse(byte[] payload) {
        JsonNode statement;
        try {
            statement = JSON.readTree(payload);
        } catch (IOException e) {
            throw new SignatureFormatException("the signed payload is not JSON");
        }
        if (statement == null || !STATEMENT_TYPE.equals(statement.path("_type").asText())) {
            throw new SignatureFormatException("the signed payload is not an in-toto Statement v1");
        }
        if (!PREDICATE_TYPE.equals(statement.path("predicateType").asText())) {
            throw new SignatureFormatException("the predicate type is not " + PREDICATE_TYPE + ": " + statement.path("predicateType").asText());
        }
        JsonNode subjects = statement.path("subject");
        if (!subjects.isArray() || subjects.size() != 1) {
            throw new SignatureFormatException("a model signature names exactly one subject");
        }
        JsonNode serialization = statement.path("predicate").path("serialization");
        if (!"files".equals(serialization.path("method").asText()) || !"sha256".equals(serialization.path("hash_type").asText())) {
            throw new SignatureFormatException("only the files serialization with SHA-256 is read here (found "
                    + serialization.path("method").asText() + ", " + serialization.path("hash_type").asText() + ")");
        }
        List<String> ignorePaths = new ArrayList<>();
        serialization.path("ignore_paths").forEach(p -> ignorePaths.add(p.asText()));
        List<Resource> resources = new ArrayList<>();
        for (JsonNode resource : statement.path("predicate").path("resources")) {
            if (!"sha256".equals(resource.path("algorithm").asText())) {
                throw new SignatureFormatException("resource " + resource.path("name").asText() + " is not hashed with SHA-256");
            }
            resources.add(new Resource(resource.path("name").asText(), resource.path("digest").asText()));
        }
        // The reference verifier hashes the resources in the order the payload lists them (its signer lists them
        // sorted); so does this one, so a signature it accepts is accepted here.
        if (!rootDigest(resources).equals(subjects.get(0).path("digest").path("sha256").asText())) {
            throw new SignatureFormatException("the manifest is inconsistent: its resources do not hash to the subject's digest");
        }
        return new ModelStatement(subjects.get(0).path("name").asText(), resources, ignorePaths);
    }

    /** Orders paths by their components, comparing each by code point, as Python compares {@code PurePath} parts. */
    static int comparePaths(String a, String b) {
        String[] left = a.split("/");
        String[] right = b.split("/");
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            int c = Arrays.compare(left[i].codePoints().toArray(), right[i].codePoints().toArray());
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(left.length, right.length);
    }
}
