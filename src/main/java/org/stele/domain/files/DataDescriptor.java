package org.stele.domain.files;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A training-data descriptor ({@code data-descriptor} file): a Croissant JSON-LD document or Stele's own
 * datasheet ({@value #SCHEMA_PATH}). Read into one {@link Dataset} shape; what is missing or malformed is
 * a warning, never a refusal. Croissant is checked for its required keys and 64-hex {@code sha256} values;
 * the datasheet is validated against its JSON Schema.
 */
public final class DataDescriptor {
    /** Larger descriptors are archived but not read. */
    public static final int MAX_BYTES = 1024 * 1024;
    /** Where the datasheet schema is served (and found on the classpath under META-INF/resources). */
    public static final String SCHEMA_PATH = "/schemas/datasheet-1.0.schema.json";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final List<String> CROISSANT_REQUIRED = List.of("@context", "@type", "name", "description", "license",
            "url", "creator", "datePublished", "distribution");
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build()).build());
    private static final JsonSchema SCHEMA = loadSchema();

    private DataDescriptor() {
    }

    /** A dataset as the version record lists it. {@code format} is {@code croissant} or {@code datasheet}. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Dataset(String format, String name, String description, String license, String version, String url,
            List<String> identifiers, List<String> sources, List<DatasetFile> files, String collectionProcess,
            String personalData, String consent, String biases, String limitations) {
        public Dataset {
            identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
            sources = sources == null ? List.of() : List.copyOf(sources);
            files = files == null ? List.of() : List.copyOf(files);
        }
    }

    /** One file of a dataset, with the SHA-256 that proves its bytes. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DatasetFile(String name, String url, String sha256, Long size) {
    }

    /** Reads a descriptor from its bytes ({@code fileSize} is the whole file's size). */
    public static FileFacts read(byte[] bytes, long fileSize) {
        if (fileSize > MAX_BYTES) {
            return FileFacts.warning("data-descriptor", "data descriptor is larger than " + MAX_BYTES + " bytes and was not read");
        }
        JsonNode doc;
        try {
            doc = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            return FileFacts.warning("data-descriptor", "data descriptor is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return FileFacts.warning("data-descriptor", "data descriptor could not be read: " + e.getMessage());
        }
        if (doc == null || !doc.isObject()) {
            return FileFacts.warning("data-descriptor", "data descriptor is not a JSON object");
        }
        List<String> warnings = new ArrayList<>();
        boolean croissant = doc.has("@context") || doc.has("@type");
        Dataset dataset = croissant ? croissant(doc, warnings) : datasheet(doc, warnings);
        return new FileFacts("data-descriptor", null, null, null, null, null, null, null, warnings, dataset);
    }

    private static Dataset croissant(JsonNode doc, List<String> warnings) {
        for (String key : CROISSANT_REQUIRED) {
            if (!doc.has(key)) {
                warnings.add("Croissant descriptor lacks required '" + key + "'");
            }
        }
        if (!doc.has("dct:conformsTo") && !doc.has("conformsTo")) {
            warnings.add("Croissant descriptor lacks required 'dct:conformsTo'");
        }
        List<DatasetFile> files = new ArrayList<>();
        for (JsonNode d : array(doc.get("distribution"))) {
            String type = text(d.get("@type"));
            if (type != null && type.endsWith("FileSet")) {
                continue;
            }
            String sha = text(d.get("sha256"));
            String name = text(d.has("name") ? d.get("name") : d.get("@id"));
            if (sha != null && !SHA256.matcher(sha).matches()) {
                warnings.add("Croissant file " + name + " has a sha256 that is not 64 lower-case hex digits");
            }
            files.add(new DatasetFile(name, text(d.get("contentUrl")), sha, d.path("contentSize").canConvertToLong()
                    ? d.path("contentSize").asLong() : null));
        }
        List<String> identifiers = new ArrayList<>();
        for (String key : List.of("identifier", "sameAs")) {
            array(doc.get(key)).forEach(n -> add(identifiers, text(n)));
        }
        return new Dataset("croissant", text(doc.get("name")), text(doc.get("description")), text(doc.get("license")),
                text(doc.get("version")), text(doc.get("url")), identifiers, List.of(), files,
                text(doc.get("rai:dataCollection")), text(doc.get("rai:personalSensitiveInformation")), null,
                text(doc.get("rai:dataBiases")), text(doc.get("rai:dataLimitations")));
    }

    private static Dataset datasheet(JsonNode doc, List<String> warnings) {
        Set<ValidationMessage> problems = SCHEMA.validate(doc);
        problems.stream().map(m -> "datasheet: " + m.getMessage()).sorted().limit(20).forEach(warnings::add);
        List<String> sources = new ArrayList<>();
        for (JsonNode s : array(doc.get("sources"))) {
            add(sources, s.hasNonNull("url") ? text(s.get("url")) : text(s.get("identifier")));
        }
        List<DatasetFile> files = new ArrayList<>();
        for (JsonNode f : array(doc.get("files"))) {
            files.add(new DatasetFile(text(f.get("name")), text(f.get("url")), text(f.get("sha256")),
                    f.path("size").canConvertToLong() ? f.path("size").asLong() : null));
        }
        List<String> identifiers = new ArrayList<>();
        array(doc.get("identifiers")).forEach(n -> add(identifiers, text(n)));
        JsonNode personal = doc.get("personalData");
        String personalData = personal == null || !personal.isObject() ? null
                : personal.path("present").asBoolean(false)
                        ? "yes" + (personal.path("sensitive").asBoolean(false) ? ", sensitive" : "")
                                + (personal.hasNonNull("description") ? ": " + text(personal.get("description")) : "")
                        : "none";
        return new Dataset("datasheet", text(doc.get("name")), text(doc.get("description")), text(doc.get("license")),
                text(doc.get("version")), text(doc.get("url")), identifiers, sources, files, text(doc.get("collectionProcess")),
                personalData, text(doc.get("consent")), text(doc.get("biases")), text(doc.get("limitations")));
    }

    /** A JSON-LD value as text: a string, a number, the first of a list, or an object's {@code @id}/{@code name}/{@code url}. */
    private static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isValueNode()) {
            String s = node.asText();
            return s.length() > 10_000 ? s.substring(0, 10_000) : s;
        }
        if (node.isArray()) {
            return node.isEmpty() ? null : text(node.get(0));
        }
        for (String key : List.of("@id", "name", "url", "@value")) {
            if (node.has(key)) {
                return text(node.get(key));
            }
        }
        return null;
    }

    private static List<JsonNode> array(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(out::add);
        } else {
            out.add(node);
        }
        return out.size() > 10_000 ? out.subList(0, 10_000) : out;
    }

    private static void add(List<String> list, String value) {
        if (value != null && !value.isBlank()) {
            list.add(value);
        }
    }

    private static JsonSchema loadSchema() {
        try (InputStream in = DataDescriptor.class.getResourceAsStream("/META-INF/resources" + SCHEMA_PATH)) {
            if (in == null) {
                throw new IllegalStateException("datasheet schema missing from the classpath");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
