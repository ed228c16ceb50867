package org.stele.api.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.stele.api.hf.CommitEntry;
import org.stele.api.hf.HubErrors;
import org.stele.api.hf.HubFileResource;
import org.stele.api.hf.HubAccountResource;
import org.stele.api.hf.HubCommitResource;
import org.stele.api.hf.HubModelsResource;
import org.stele.api.hf.HubRepoResource;
import org.stele.api.hf.LfsBatchResource;
import org.stele.api.hf.LfsUploadResource;
import org.stele.api.hf.ModelInfo;
import org.stele.api.hf.RepoRefs;
import org.stele.api.hf.TreeEntry;

/**
 * The committed API documents are usable by a client generator: a real parser (swagger-parser) reads them without a
 * message, every operation says how it refuses and what it answers, and what they say about tokens and the /hf routes
 * is what the server does.
 */
@QuarkusTest
class OpenApiUsableTest {
    private static final Path MAIN = Path.of("openapi/openapi.yaml");
    private static final Path HF = Path.of("openapi/hf.yaml");

    @Test
    void aParserReadsBothDocumentsWithoutAMessageAndEveryReferenceResolves() throws Exception {
        for (Path file : List.of(MAIN, HF)) {
            parse(file);
            JsonNode tree = new YAMLMapper().readTree(file.toFile());
            List<String> dangling = new ArrayList<>();
            tree.findValues("$ref").forEach(ref -> {
                if (tree.at(ref.asText().substring(1)).isMissingNode()) {
                    dangling.add(ref.asText());
                }
            });
            assertThat(dangling).as("references to nothing in %s", file).isEmpty();
        }
    }

    /** Generators name their methods after operationId, and make up names from the path without one. */
    @Test
    void everyOperationHasAnOperationIdOfItsOwn() {
        for (Path file : List.of(MAIN, HF)) {
            List<String> ids = new ArrayList<>();
            operations(parse(file), (name, operation) -> ids.add(operation.getOperationId() == null ? name + " without one" : operation.getOperationId()));
            assertThat(ids).as(file.toString()).doesNotHaveDuplicates().noneMatch(id -> id.endsWith(" without one"));
        }
    }

    @Test
    void everyOperationOfTheApiDocumentsItsRefusalsAsProblems() {
        OpenAPI api = parse(MAIN);
        assertThat(api.getComponents().getSchemas()).containsKey("Problem");
        assertThat(api.getComponents().getSchemas().get("Problem").getProperties())
                .containsOnlyKeys("type", "title", "status", "detail", "code");
        List<String> without = new ArrayList<>();
        List<String> bare = new ArrayList<>();
        operations(api, (name, operation) -> {
            Map<String, ApiResponse> refusals = refusals(api, operation);
            boolean problem = refusals.entrySet().stream().anyMatch(r -> r.getKey().startsWith("4")
                    && schemaRef(r.getValue(), Problem.MEDIA_TYPE).equals("#/components/schemas/Problem"));
            if (!problem) {
                without.add(name);
            }
            refusals.forEach((status, response) -> {
                if (response.getContent() == null || response.getContent().isEmpty()) {
                    bare.add(name + " " + status);
                }
            });
        });
        assertThat(without).as("operations without a 4xx problem+json answer").isEmpty();
        assertThat(bare).as("refusals that do not say what they answer").isEmpty();
    }

    @Test
    void everyOperationOfTheHfDocumentDocumentsItsRefusalsTheHubsWay() {
        OpenAPI hf = parse(HF);
        List<String> without = new ArrayList<>();
        operations(hf, (name, operation) -> {
            boolean hubError = refusals(hf, operation).entrySet().stream().anyMatch(r -> r.getKey().startsWith("4")
                    && schemaRef(r.getValue(), "application/json").equals("#/components/schemas/HubError")
                    && r.getValue().getHeaders().containsKey("X-Error-Code"));
            if (!hubError) {
                without.add(name);
            }
        });
        assertThat(without).as("operations without a 4xx Hub error").isEmpty();
    }

    @Test
    void noSchemaIsAnEmptyObject() {
        for (Path file : List.of(MAIN, HF)) {
            OpenAPI api = parse(file);
            List<String> empty = new ArrayList<>();
            api.getComponents().getSchemas().forEach((name, schema) -> emptySchemas("components/" + name, schema, empty));
            operations(api, (name, operation) -> {
                operation.getResponses().forEach((status, response) -> emptySchemas(name + " " + status, resolve(api, response).getContent(), empty));
                if (operation.getRequestBody() != null) {
                    emptySchemas(name + " body", operation.getRequestBody().getContent(), empty);
                }
                if (operation.getParameters() != null) {
                    operation.getParameters().forEach(p -> {
                        if (p.getSchema() != null) {
                            emptySchemas(name + " " + p.getName(), p.getSchema(), empty);
                        }
                    });
                }
            });
            assertThat(empty).as("schemas in %s that say nothing", file).isEmpty();
        }
    }

    @Test
    void bothDocumentsHaveTheBearerSchemeAndTheApiSaysWhereATokenIsNeeded() {
        for (Path file : List.of(MAIN, HF)) {
            Map<String, SecurityScheme> schemes = parse(file).getComponents().getSecuritySchemes();
            assertThat(schemes).as("security schemes of %s", file).containsKey(ApiDocumentFilter.BEARER);
            SecurityScheme bearer = schemes.get(ApiDocumentFilter.BEARER);
            assertThat(bearer.getType()).isEqualTo(SecurityScheme.Type.HTTP);
            assertThat(bearer.getScheme()).isEqualTo("bearer");
        }
        OpenAPI api = parse(MAIN);
        List<String> unsaid = new ArrayList<>();
        operations(api, (name, operation) -> {
            if (operation.getSecurity() == null || operation.getSecurity().stream().noneMatch(r -> r.containsKey(ApiDocumentFilter.BEARER))) {
                unsaid.add(name);
            }
        });
        assertThat(unsaid).as("operations that do not say whether they take a token").isEmpty();
        assertThat(needsToken(api.getPaths().get("/api/v1/models").getPost())).isTrue();
        assertThat(needsToken(api.getPaths().get("/api/v1/audit").getGet())).isTrue();
        assertThat(needsToken(api.getPaths().get("/api/v1/models").getGet())).isFalse();
    }

    /** Anonymous, an operation that needs a token answers 401 and one that does not never does; a bad token is 401 under /api only. */
    @Test
    void theServerRefusesExactlyWhereTheDocumentSaysATokenIsNeeded() {
        OpenAPI api = parse(MAIN);
        List<String> wrong = new ArrayList<>();
        operations(api, (name, operation) -> {
            String method = name.substring(0, name.indexOf(' '));
            String path = name.substring(name.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "x");
            int anonymous = call(operation, method, path, null).statusCode();
            if ((anonymous == 401) != needsToken(operation)) {
                wrong.add(name + ": anonymous " + anonymous + ", documented " + (needsToken(operation) ? "needs" : "takes") + " a token");
            }
            Response badToken = call(operation, method, path, "stele_not-a-token");
            boolean api401 = path.startsWith("/api/");
            if ((badToken.statusCode() == 401) != api401 || (api401 && badToken.header("WWW-Authenticate") == null)) {
                wrong.add(name + ": with a bad token " + badToken.statusCode());
            }
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void theApiDocumentHasTheResolverAndLinksTheServedHfDocument() throws Exception {
        OpenAPI api = parse(MAIN);
        assertThat(api.getPaths()).containsKey("/pid/{prefix}/{suffix}");
        assertThat(api.getPaths().get("/pid/{prefix}/{suffix}").getGet().getResponses().get("200").getContent().keySet())
                .contains("text/html", "application/json", "application/x-bibtex", "application/vnd.datacite.datacite+xml", "application/zip");
        assertThat(api.getExternalDocs().getUrl()).isEqualTo("/openapi/hf.yaml");
        String served = given().get(api.getExternalDocs().getUrl()).then().statusCode(200).extract().asString();
        assertThat(served).isEqualTo(Files.readString(HF));
        assertThat(parse(HF).getPaths().keySet()).allMatch(p -> p.startsWith("/hf/"))
                .contains("/hf/api/models/{namespace}/{name}", "/hf/{namespace}/{name}/resolve/{revision}/{path}");
    }

    @Test
    void theHfDocumentHasEveryHfRouteAndNoOther() {
        Set<String> routes = new TreeSet<>();
        for (Class<?> resource : List.of(HubRepoResource.class, HubFileResource.class, HubModelsResource.class, HubAccountResource.class,
                HubCommitResource.class, LfsBatchResource.class, LfsUploadResource.class)) {
            String base = resource.getAnnotation(jakarta.ws.rs.Path.class).value();
            for (Method m : resource.getDeclaredMethods()) {
                String verb = m.isAnnotationPresent(GET.class) ? "GET" : m.isAnnotationPresent(HEAD.class) ? "HEAD"
                        : m.isAnnotationPresent(POST.class) ? "POST" : m.isAnnotationPresent(jakarta.ws.rs.PUT.class) ? "PUT"
                        : m.isAnnotationPresent(jakarta.ws.rs.DELETE.class) ? "DELETE" : null;
                if (verb != null) {
                    jakarta.ws.rs.Path sub = m.getAnnotation(jakarta.ws.rs.Path.class);
                    String path = sub == null ? base : base + "/" + sub.value();
                    routes.add(verb + " " + path.replaceAll("\\{(\\w+)\\s*:[^}]*}", "{$1}"));
                }
            }
        }
        Set<String> documented = new TreeSet<>();
        operations(parse(HF), (name, operation) -> documented.add(name));
        assertThat(documented).isEqualTo(routes);
    }

    @Test
    void theHfSchemasHaveEveryFieldTheServerWrites() {
        Map<String, Class<?>> answers = Map.ofEntries(Map.entry("ModelInfo", ModelInfo.class), Map.entry("Sibling", ModelInfo.Sibling.class),
                Map.entry("SiblingLfs", ModelInfo.SiblingLfs.class), Map.entry("Doi", ModelInfo.Doi.class),
                Map.entry("TreeEntry", TreeEntry.class), Map.entry("TreeLfs", TreeEntry.Lfs.class),
                Map.entry("LastCommit", TreeEntry.LastCommit.class), Map.entry("RepoRefs", RepoRefs.class), Map.entry("Ref", RepoRefs.Ref.class),
                Map.entry("CommitEntry", CommitEntry.class), Map.entry("CommitAuthor", CommitEntry.Author.class),
                Map.entry("HubError", HubErrors.Body.class), Map.entry("PathsQuery", HubRepoResource.PathsQuery.class),
                Map.entry("ModelListing", HubModelsResource.Listed.class), Map.entry("WhoAmI", HubAccountResource.WhoAmI.class),
                Map.entry("Org", HubAccountResource.Org.class), Map.entry("Auth", HubAccountResource.Auth.class),
                Map.entry("AccessToken", HubAccountResource.AccessToken.class), Map.entry("RepoUrl", HubAccountResource.RepoUrl.class),
                Map.entry("Preupload", HubCommitResource.Preupload.class), Map.entry("UploadFile", HubCommitResource.Wanted.class),
                Map.entry("Modes", HubCommitResource.Modes.class), Map.entry("Mode", HubCommitResource.Mode.class),
                Map.entry("CommitAnswer", HubCommitResource.CommitAnswer.class), Map.entry("TagRequest", HubCommitResource.TagRequest.class),
                Map.entry("TagAnswer", HubCommitResource.TagAnswer.class), Map.entry("LfsBatch", LfsBatchResource.Answer.class),
                Map.entry("LfsObject", LfsBatchResource.Entry.class), Map.entry("LfsAction", LfsBatchResource.Action.class),
                Map.entry("LfsError", LfsBatchResource.Error.class));
        // Bodies read, or answers written, as plain JSON maps: no class to hold them against.
        Set<String> untyped = Set.of("CreateRepo", "YamlContent", "YamlCheck", "YamlWarning", "XetToken", "LfsBatchRequest", "LfsObjectRef",
                "LfsVerified");
        Map<String, Schema> schemas = parse(HF).getComponents().getSchemas();
        Set<String> expected = new TreeSet<>(answers.keySet());
        expected.addAll(untyped);
        assertThat(new TreeSet<>(schemas.keySet())).isEqualTo(expected);
        ObjectMapper json = new ObjectMapper();
        answers.forEach((name, type) -> {
            JavaType javaType = json.constructType(type);
            Set<String> fields = json.getSerializationConfig().introspect(javaType).findProperties().stream()
                    .map(BeanPropertyDefinition::getName).collect(Collectors.toSet());
            assertThat(schemas.get(name).getProperties().keySet()).as(name).isEqualTo(fields);
        });
    }

    private static SwaggerParseResult read(Path file) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        try {
            return new OpenAPIV3Parser().readContents(Files.readString(file), null, options);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static OpenAPI parse(Path file) {
        SwaggerParseResult result = read(file);
        assertThat(result.getMessages()).as("parser messages for %s", file).isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        return result.getOpenAPI();
    }

    /** Every operation, named "METHOD /path". */
    private static void operations(OpenAPI api, BiConsumer<String, Operation> each) {
        api.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((PathItem.HttpMethod method, Operation operation) -> each.accept(method + " " + path, operation)));
    }

    private static Map<String, ApiResponse> refusals(OpenAPI api, Operation operation) {
        return operation.getResponses().entrySet().stream().filter(e -> e.getKey().startsWith("4") || e.getKey().startsWith("5"))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> resolve(api, e.getValue())));
    }

    private static ApiResponse resolve(OpenAPI api, ApiResponse response) {
        return response.get$ref() == null ? response
                : api.getComponents().getResponses().get(response.get$ref().substring("#/components/responses/".length()));
    }

    private static String schemaRef(ApiResponse response, String mediaType) {
        MediaType content = response.getContent() == null ? null : response.getContent().get(mediaType);
        return content == null || content.getSchema() == null || content.getSchema().get$ref() == null ? "" : content.getSchema().get$ref();
    }

    /** Required: only the bearer scheme; optional: the bearer scheme or nothing. */
    private static boolean needsToken(Operation operation) {
        return operation.getSecurity() != null && operation.getSecurity().stream().noneMatch(SecurityRequirement::isEmpty);
    }

    private static void emptySchemas(String where, Content content, List<String> empty) {
        if (content != null) {
            content.forEach((type, media) -> emptySchemas(where + " " + type, media.getSchema(), empty));
        }
    }

    /** A schema that says nothing: no type but object, no properties, items, reference, composition or values. */
    private static void emptySchemas(String where, Schema<?> schema, List<String> empty) {
        if (schema == null) {
            empty.add(where + " (no schema)");
            return;
        }
        Set<String> types = schema.getTypes() != null ? schema.getTypes() : schema.getType() == null ? Set.of() : Set.of(schema.getType());
        boolean saysSomething = schema.get$ref() != null || schema.getProperties() != null || schema.getItems() != null
                || schema.getAdditionalProperties() != null || schema.getAllOf() != null || schema.getOneOf() != null
                || schema.getAnyOf() != null || schema.getEnum() != null || schema.getConst() != null
                || types.stream().anyMatch(t -> !t.equals("object"));
        if (!saysSomething) {
            empty.add(where);
        }
        if (schema.getProperties() != null) {
            schema.getProperties().forEach((name, property) -> emptySchemas(where + "." + name, property, empty));
        }
        if (schema.getItems() != null) {
            emptySchemas(where + "[]", schema.getItems(), empty);
        }
        for (List<Schema> alternatives : java.util.Arrays.asList(schema.getAllOf(), schema.getOneOf(), schema.getAnyOf())) {
            if (alternatives != null) {
                alternatives.forEach(a -> emptySchemas(where + "|", a, empty));
            }
        }
    }

    private static Response call(Operation operation, String method, String path, String token) {
        RequestSpecification request = given().redirects().follow(false);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (operation.getRequestBody() != null) {
            boolean json = operation.getRequestBody().getContent().containsKey("application/json");
            request.contentType(json ? "application/json" : "application/octet-stream").body((json ? "{}" : "x").getBytes());
        }
        return request.request(method, path);
    }
}
