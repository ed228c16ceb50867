package org.stele.api.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stele.api.hf.TinyModel.CONFIG_V1;
import static org.stele.api.hf.TinyModel.CONFIG_V2;
import static org.stele.api.hf.TinyModel.V2;
import static org.stele.api.hf.TinyModel.WEIGHTS;
import static org.stele.api.hf.TinyModel.WEIGHTS_POINTER_OID;
import static org.stele.api.hf.TinyModel.WEIGHTS_SHA256;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stele.support.Bytes;
import org.stele.support.Deposits;
import org.stele.support.RawHttp;

/**
 * Replays, byte for byte, the requests huggingface_hub 1.29 sends for {@code hf_hub_download} and
 * {@code snapshot_download} (and model_info, list_repo_tree, get_paths_info, list_repo_refs,
 * list_repo_commits), and checks every header and field the client reads (hf-hub-api.md §3–§8).
 */
@QuarkusTest
class HfContractTest {
    /** What Python 1.29 sends on its metadata HEAD (get_hf_file_metadata). */
    private static final String[] PYTHON_HEAD = {"user-agent", "unknown/None; hf_hub/1.29.0; python/3.12.3",
            "Accept-Encoding", "identity", "X-Amzn-Trace-Id", UUID.randomUUID().toString()};
    private static final String DATETIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
    private static final String HF_TOKEN = "Bearer hf_" + org.stele.support.TestDatabase.ADMIN_TOKEN;

    @TestHTTPResource("/")
    URL base;

    private static TinyModel model; // deposited once: published versions never change
    private final ObjectMapper json = new ObjectMapper();
    private RawHttp http;

    @BeforeEach
    void deposit() {
        http = new RawHttp(base);
        if (model == null) {
            model = TinyModel.deposit();
        }
    }

    @Test
    void dotAndEmptySegmentsAreRefusedBeforeVertxCouldResolveThem() {
        for (String path : new String[] {"x/../weights.bin", "x/%2e%2E/weights.bin", "./weights.bin", "sub//weights.bin"}) {
            HttpResponse<byte[]> answer = http.send("GET", resolve("main", path));
            assertThat(answer.statusCode()).as(path).isEqualTo(400);
            assertThat(header(answer, "X-Error-Code")).as(path).isEqualTo("InvalidPath");
            assertThat(new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("\"error\"");
        }
        assertThat(http.send("GET", resolve("main", "weights.bin")).statusCode()).isEqualTo(200);
    }

    @Test
    void hfHubDownloadHeadCarriesEveryHeaderPythonReads() {
        // main and HEAD are the latest published version; a label, an alias and a commit id pin one.
        Map<String, String> commitByRevision = Map.of("main", model.commit2(), "HEAD", model.commit2(), "1.0", model.commit1(),
                "stable", model.commit1(), model.commit1(), model.commit1(), encode(V2), model.commit2());
        commitByRevision.forEach((revision, commit) -> {
            HttpResponse<byte[]> head = http.send("HEAD", resolve(revision, "weights.bin"), PYTHON_HEAD);
            assertThat(head.statusCode()).as(revision).isEqualTo(200);
            assertThat(header(head, "X-Repo-Commit")).as(revision).isEqualTo(commit).matches("[0-9a-f]{40}");
            assertThat(header(head, "ETag")).isEqualTo("\"" + WEIGHTS_SHA256 + "\"");
            assertThat(header(head, "X-Linked-Etag")).isEqualTo("\"" + WEIGHTS_SHA256 + "\"");
            assertThat(header(head, "X-Linked-Size")).isEqualTo("1048576");
            assertThat(header(head, "Content-Length")).isEqualTo("1048576");
            assertThat(header(head, "Content-Type")).isEqualTo("application/octet-stream");
            assertThat(header(head, "Accept-Ranges")).isEqualTo("bytes");
            assertNoForbiddenHeaders(head);
            assertThat(head.body()).isEmpty();
        });
        // The file that differs between versions: the same URL shape, the bytes of each commit.
        HttpResponse<byte[]> v1 = http.send("HEAD", resolve("1.0", "config.json"), PYTHON_HEAD);
        HttpResponse<byte[]> main = http.send("HEAD", resolve("main", "config.json"), PYTHON_HEAD);
        assertThat(header(v1, "X-Linked-Etag")).isEqualTo("\"" + hex(CONFIG_V1) + "\"");
        assertThat(header(v1, "X-Linked-Size")).isEqualTo("23");
        assertThat(header(main, "X-Linked-Etag")).isEqualTo("\"" + hex(CONFIG_V2) + "\"");
        // Pinned revisions may be cached forever; branches move when a version is published.
        assertThat(header(v1, "Cache-Control")).contains("immutable");
        assertThat(header(main, "Cache-Control")).isEqualTo("no-cache");
        // Python quotes the revision with safe="" and the path keeping '/'.
        HttpResponse<byte[]> spaced = http.send("HEAD", "/hf/" + model.repo() + "/resolve/" + model.commit1() + "/with%20space.txt", PYTHON_HEAD);
        assertThat(spaced.statusCode()).isEqualTo(200);
        assertThat(header(spaced, "X-Linked-Size")).isEqualTo("7");
        HttpResponse<byte[]> nested = http.send("HEAD", resolve("1%2E0", "sub/dir/nested.txt"), PYTHON_HEAD);
        assertThat(header(nested, "X-Repo-Commit")).isEqualTo(model.commit1());
    }

    @Test
    void getServesBytesWithAndWithoutRange() {
        String url = resolve(model.commit1(), "weights.bin");
        HttpResponse<byte[]> full = http.send("GET", url, "Accept-Encoding", "gzip, br");
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.body()).isEqualTo(WEIGHTS);
        assertThat(header(full, "X-Repo-Commit")).isEqualTo(model.commit1());
        assertNoForbiddenHeaders(full);

        // The npm client's probe, Python's resume, a suffix range, a header probe past EOF (safetensors).
        assertRange(url, "bytes=0-0", "bytes 0-0/1048576", Arrays.copyOfRange(WEIGHTS, 0, 1));
        assertRange(url, "bytes=4096-", "bytes 4096-1048575/1048576", Arrays.copyOfRange(WEIGHTS, 4096, WEIGHTS.length));
        String config = resolve("1.0", "config.json");
        assertRange(config, "bytes=-5", "bytes 18-22/23", Arrays.copyOfRange(CONFIG_V1, 18, 23));
        assertRange(config, "bytes=0-100000", "bytes 0-22/23", CONFIG_V1);
        assertRange(config, "bytes=2-4", "bytes 2-4/23", Arrays.copyOfRange(CONFIG_V1, 2, 5));

        HttpResponse<byte[]> past = http.send("GET", url, "Range", "bytes=1048576-");
        assertThat(past.statusCode()).isEqualTo(416);
        assertThat(header(past, "Content-Range")).isEqualTo("bytes */1048576");
        assertThat(header(past, "X-Repo-Commit")).isEqualTo(model.commit1());
        assertThat(header(past, "X-Error-Code")).isEqualTo("RangeNotSatisfiable");
        assertThat(body(past).get("error").asText()).isNotEmpty();
    }

    @Test
    void emptyFilesAnswerTheNpmProbeWithTheirSize() {
        HttpResponse<byte[]> head = http.send("HEAD", resolve("1.0", "empty.txt"), PYTHON_HEAD);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(header(head, "Content-Length")).isEqualTo("0");
        assertThat(header(head, "X-Linked-Size")).isEqualTo("0");
        assertThat(header(head, "X-Linked-Etag")).isEqualTo("\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"");
        HttpResponse<byte[]> probe = http.send("GET", resolve("1.0", "empty.txt"), "Range", "bytes=0-0");
        assertThat(probe.statusCode()).isEqualTo(200);
        assertThat(header(probe, "Content-Range")).isEqualTo("bytes */0");
        assertThat(probe.body()).isEmpty();
    }

    @Test
    void rawServesTheLfsPointer() {
        HttpResponse<byte[]> raw = http.send("GET", "/hf/" + model.repo() + "/raw/1.0/weights.bin");
        String pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:" + WEIGHTS_SHA256 + "\nsize 1048576\n";
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(new String(raw.body(), StandardCharsets.US_ASCII)).isEqualTo(pointer);
        assertThat(raw.body()).hasSize(132);
        assertThat(header(raw, "ETag")).isEqualTo("\"" + WEIGHTS_POINTER_OID + "\"");
        assertThat(header(raw, "X-Repo-Commit")).isEqualTo(model.commit1());
        assertThat(raw.headers().firstValue("X-Linked-Etag")).isEmpty();
        HttpResponse<byte[]> probe = http.send("GET", "/hf/" + model.repo() + "/raw/1.0/weights.bin", "Range", "bytes=0-0");
        assertThat(probe.statusCode()).isEqualTo(206);
        assertThat(header(probe, "Content-Range")).isEqualTo("bytes 0-0/132");
    }

    @Test
    void modelInfoHasWhatBothClientsRead() {
        JsonNode info = getJson("/hf/api/models/" + model.repo(), 200);
        assertThat(info.get("id").asText()).isEqualTo(model.repo());
        assertThat(info.get("modelId").asText()).isEqualTo(model.repo());
        assertThat(info.get("sha").asText()).isEqualTo(model.commit2());
        assertThat(info.get("_id").asText()).matches("[0-9a-f]{24}");
        assertThat(info.get("lastModified").asText()).matches(DATETIME);
        assertThat(info.get("createdAt").asText()).matches(DATETIME);
        assertThat(info.get("private").asBoolean(true)).isFalse();
        assertThat(info.get("gated").asBoolean(true)).isFalse();
        assertThat(info.get("disabled").asBoolean(true)).isFalse();
        assertThat(info.has("isPrivate") || info.has("privateRepo")).isFalse();
        assertThat(info.get("cardData").get("license").asText()).isEqualTo("apache-2.0");
        // As on the Hub, "doi" names a registered DOI only: none is registered here.
        assertThat(info.has("doi")).isFalse();
        assertThat(texts(info.get("siblings"), "rfilename")).containsExactlyInAnyOrderElementsOf(model.files2().keySet());
        assertThat(info.get("siblings").get(0).has("lfs")).isFalse();
        assertThat(info.toString()).doesNotContainIgnoringCase("xet");

        // snapshot_download up to 1.21 and the npm client's modelInfo (revision HEAD, JS-style query).
        String jsQuery = "?expand=pipeline_tag&expand=private&expand=gated&expand=downloads&expand=likes&expand=lastModified&expand=sha";
        assertThat(getJson("/hf/api/models/" + model.repo() + "/revision/HEAD" + jsQuery, 200).get("sha").asText()).isEqualTo(model.commit2());
        assertThat(getJson("/hf/api/models/" + model.repo() + "/revision/1.0", 200).get("sha").asText()).isEqualTo(model.commit1());
        assertThat(getJson("/hf/api/models/" + model.repo() + "/revision/" + encode(V2), 200).get("sha").asText()).isEqualTo(model.commit2());
        JsonNode pinned = getJson("/hf/api/models/" + model.repo() + "/revision/" + model.commit1() + "?blobs=True", 200);
        assertThat(pinned.get("sha").asText()).isEqualTo(model.commit1());
        JsonNode weights = sibling(pinned, "weights.bin");
        assertThat(weights.get("blobId").asText()).isEqualTo(WEIGHTS_POINTER_OID);
        assertThat(weights.get("size").asLong()).isEqualTo(1048576);
        assertThat(weights.get("lfs").get("sha256").asText()).isEqualTo(WEIGHTS_SHA256);
        assertThat(weights.get("lfs").get("size").asLong()).isEqualTo(1048576);
        assertThat(weights.get("lfs").get("pointerSize").asInt()).isEqualTo(132);
        assertThat(sibling(pinned, "config.json").get("lfs").get("sha256").asText()).isEqualTo(hex(CONFIG_V1));
    }

    @Test
    void treeAgreesWithResolve() {
        // snapshot_download ≥ 1.22 lists the tree at the commit, recursively, booleans lower-case.
        JsonNode tree = getJson("/hf/api/models/" + model.repo() + "/tree/" + model.commit1() + "?recursive=true&expand=false", 200);
        List<String> files = new ArrayList<>();
        for (JsonNode entry : tree) {
            assertThat(entry.has("xetHash")).isFalse();
            assertThat(entry.get("oid").asText()).matches("[0-9a-f]{40}");
            if (entry.get("type").asText().equals("directory")) {
                assertThat(entry.get("path").asText()).isIn("sub", "sub/dir");
                continue;
            }
            assertThat(entry.get("type").asText()).isEqualTo("file");
            String path = entry.get("path").asText();
            files.add(path);
            HttpResponse<byte[]> head = http.send("HEAD", resolve(model.commit1(), path.replace(" ", "%20")), PYTHON_HEAD);
            assertThat(header(head, "X-Linked-Etag")).isEqualTo("\"" + entry.get("lfs").get("oid").asText() + "\"");
            assertThat(header(head, "X-Linked-Size")).isEqualTo(entry.get("size").asText());
            assertThat(entry.get("lfs").get("size").asLong()).isEqualTo(entry.get("size").asLong());
            assertThat(entry.get("lfs").get("pointerSize").asInt()).isEqualTo(125 + entry.get("size").asText().length());
            assertThat(entry.get("lfs").get("oid").asText()).isEqualTo(hex(model.files1().get(path)));
        }
        assertThat(files).containsExactlyInAnyOrderElementsOf(model.files1().keySet());
        assertThat(entry(tree, "weights.bin").get("oid").asText()).isEqualTo(WEIGHTS_POINTER_OID);

        // Not recursive: the root's own entries, directories included.
        JsonNode root = getJson("/hf/api/models/" + model.repo() + "/tree/main", 200);
        assertThat(texts(root, "path")).containsExactlyInAnyOrder("config.json", "empty.txt", "sub", "weights.bin", "with space.txt");
        // Python sends the folder fully encoded, the npm client as is; paths stay root-relative.
        JsonNode pythonSub = getJson("/hf/api/models/" + model.repo() + "/tree/main/sub%2Fdir?recursive=False&expand=True", 200);
        JsonNode jsSub = getJson("/hf/api/models/" + model.repo() + "/tree/main/sub/dir?recursive=false&expand=false", 200);
        assertThat(texts(pythonSub, "path")).containsExactly("sub/dir/nested.txt");
        assertThat(texts(jsSub, "path")).containsExactly("sub/dir/nested.txt");
        assertThat(pythonSub.get(0).get("lastCommit").get("id").asText()).isEqualTo(model.commit2());
        assertThat(pythonSub.get(0).get("lastCommit").get("date").asText()).matches(DATETIME);
        assertThat(jsSub.get(0).has("lastCommit")).isFalse();
        // A directory's oid depends on its content only: unchanged between 1.0 and 2.0.
        assertThat(entry(root, "sub").get("oid").asText()).isEqualTo(entry(tree, "sub").get("oid").asText());

        HttpResponse<byte[]> missing = http.send("GET", "/hf/api/models/" + model.repo() + "/tree/main/nope");
        assertError(missing, 404, "EntryNotFound");
        assertThat(header(missing, "X-Repo-Commit")).isEqualTo(model.commit2());
    }

    @Test
    void pathsInfoTakesFormAndJson() {
        String url = "/hf/api/models/" + model.repo() + "/paths-info/" + model.commit1();
        HttpResponse<byte[]> form = http.post(url, "application/x-www-form-urlencoded",
                "paths=config.json&paths=sub%2Fdir&paths=nope.bin&paths=a%2F..%2Fb&expand=False");
        assertThat(form.statusCode()).isEqualTo(200);
        JsonNode entries = body(form);
        assertThat(texts(entries, "path")).containsExactly("config.json", "sub/dir");
        assertThat(entries.get(0).get("lfs").get("oid").asText()).isEqualTo(hex(CONFIG_V1));
        assertThat(entries.get(1).get("type").asText()).isEqualTo("directory");
        assertThat(entries.get(0).has("lastCommit")).isFalse();

        HttpResponse<byte[]> js = http.post(url, "application/json", "{\"paths\":[\"weights.bin\"],\"expand\":true}");
        assertThat(js.statusCode()).isEqualTo(200);
        JsonNode weights = body(js).get(0);
        assertThat(weights.get("oid").asText()).isEqualTo(WEIGHTS_POINTER_OID);
        assertThat(weights.get("lfs").get("oid").asText()).isEqualTo(WEIGHTS_SHA256);
        assertThat(weights.get("lastCommit").get("id").asText()).isEqualTo(model.commit1());
    }

    @Test
    void refsAndCommits() {
        JsonNode refs = getJson("/hf/api/models/" + model.repo() + "/refs?include_prs=1", 200);
        assertThat(refs.has("branches") && refs.has("tags") && refs.has("converts")).isTrue();
        assertThat(refs.get("converts").size()).isZero();
        assertThat(ref(refs.get("branches"), "main").get("targetCommit").asText()).isEqualTo(model.commit2());
        assertThat(ref(refs.get("branches"), "main").get("ref").asText()).isEqualTo("refs/heads/main");
        assertThat(ref(refs.get("branches"), "stable").get("targetCommit").asText()).isEqualTo(model.commit1());
        assertThat(texts(refs.get("tags"), "name")).containsExactly("1.0", V2, "3.0");
        assertThat(ref(refs.get("tags"), "1.0").get("ref").asText()).isEqualTo("refs/tags/1.0");

        HttpResponse<byte[]> main = http.send("GET", "/hf/api/models/" + model.repo() + "/commits/main?expand%5B%5D=formatted");
        assertThat(main.statusCode()).isEqualTo(200);
        assertThat(header(main, "X-Total-Count")).isEqualTo("2");
        JsonNode commits = body(main);
        assertThat(texts(commits, "id")).containsExactly(model.commit2(), model.commit1());
        assertThat(commits.get(0).get("date").asText()).matches(DATETIME);
        assertThat(commits.get(0).get("title").asText()).contains(V2);
        assertThat(commits.get(0).get("authors").get(0).get("user").asText()).isEqualTo("test-org");
        assertThat(texts(getJson("/hf/api/models/" + model.repo() + "/commits/3.0", 200), "id"))
                .containsExactly(model.commit3(), model.commit2(), model.commit1());
    }

    @Test
    void refusalsCarryTheHeadersPythonMapsToExceptions() {
        String unknownRepo = "/hf/test-org/no-such-model-" + UUID.randomUUID() + "/resolve/main/config.json";
        HttpResponse<byte[]> anonymous = http.send("GET", unknownRepo);
        assertError(anonymous, 401, "RepoNotFound");
        assertThat(header(anonymous, "X-Error-Message")).isEqualTo("Repository not found");
        assertThat(header(anonymous, "WWW-Authenticate")).startsWith("Bearer");
        assertError(http.send("GET", unknownRepo, "Authorization", HF_TOKEN), 404, "RepoNotFound");
        assertError(http.send("GET", "/hf/api/models/test-org/no-such-model"), 401, "RepoNotFound");

        HttpResponse<byte[]> revision = http.send("GET", resolve("nope", "config.json"));
        assertError(revision, 404, "RevisionNotFound");
        assertThat(header(revision, "X-Error-Message")).isEqualTo("Invalid rev id: nope");
        // A percent-encoded '/' keeps the revision one segment (Python's refs%2Fpr%2F1); no such ref here.
        assertError(http.send("GET", resolve("refs%2Fpr%2F1", "config.json")), 404, "RevisionNotFound");
        assertError(http.send("GET", "/hf/api/models/" + model.repo() + "/revision/refs%2Fpr%2F1"), 404, "RevisionNotFound");
        assertError(http.send("GET", resolve(model.commit1().substring(0, 39) + "0", "config.json")), 404, "RevisionNotFound");

        for (String method : List.of("HEAD", "GET")) {
            HttpResponse<byte[]> entry = http.send(method, resolve("1.0", "missing.bin"), PYTHON_HEAD);
            assertThat(entry.statusCode()).isEqualTo(404);
            assertThat(header(entry, "X-Error-Code")).isEqualTo("EntryNotFound");
            assertThat(header(entry, "X-Error-Message")).isEqualTo("Entry not found");
            assertThat(header(entry, "X-Repo-Commit")).isEqualTo(model.commit1());
        }
        assertError(http.send("GET", resolve("1.0", "missing.bin")), 404, "EntryNotFound");
        assertError(http.send("GET", "/hf/" + model.repo() + "/raw/main/missing.bin"), 404, "EntryNotFound");
    }

    @Test
    void withdrawnVersionsAreDisabledAndDraftsInvisible() {
        for (String revision : List.of("3.0", model.commit3())) {
            for (String url : List.of(resolve(revision, "config.json"), "/hf/" + model.repo() + "/raw/" + revision + "/config.json",
                    "/hf/api/models/" + model.repo() + "/revision/" + revision)) {
                HttpResponse<byte[]> answer = http.send("GET", url);
                assertThat(answer.statusCode()).as(url).isEqualTo(403);
                assertThat(header(answer, "X-Error-Message")).isEqualTo("Access to this resource is disabled.");
                assertThat(header(answer, "X-Error-Code")).isNotEmpty();
                assertThat(body(answer).get("error").asText()).isEqualTo("Access to this resource is disabled.");
            }
            HttpResponse<byte[]> head = http.send("HEAD", resolve(revision, "config.json"), PYTHON_HEAD);
            assertThat(head.statusCode()).isEqualTo(403);
            assertThat(header(head, "X-Error-Message")).isEqualTo("Access to this resource is disabled.");
        }
        // Its listing stays readable, as the archive's tombstones do; only the bytes are refused.
        assertThat(getJson("/hf/api/models/" + model.repo() + "/tree/3.0", 200).size()).isEqualTo(1);

        assertError(http.send("GET", resolve("4.0", "config.json")), 404, "RevisionNotFound");
        String draftOnly = "test-org/" + Deposits.uniqueName("draft-only");
        Deposits.createModel("test-org", draftOnly.substring("test-org/".length())).statusCode(201);
        Deposits.createVersion(draftOnly, "1").statusCode(201);
        Deposits.putFile(draftOnly, "1", "config.json", CONFIG_V1).statusCode(201);
        assertError(http.send("GET", "/hf/api/models/" + draftOnly, "Authorization", HF_TOKEN), 404, "RepoNotFound");
        assertError(http.send("HEAD", "/hf/" + draftOnly + "/resolve/1/config.json", "Authorization", HF_TOKEN), 404, "RepoNotFound");
    }

    @Test
    void dotSegmentsCannotReachAnotherFile() {
        for (String path : List.of("sub/../config.json", "sub/%2e%2e/config.json", "sub/%2E%2E/config.json", "./config.json",
                "sub//dir/nested.txt", "sub%2F..%2Fconfig.json", "%2e%2e/%2e%2e/api/v1/models")) {
            HttpResponse<byte[]> answer = http.send("GET", resolve("1.0", path));
            assertThat(answer.statusCode()).as(path).isEqualTo(400);
            assertThat(header(answer, "X-Error-Code")).as(path).isNotEmpty();
            assertThat(answer.body()).as(path).isNotEqualTo(CONFIG_V1);
        }
        assertThat(http.send("GET", "/hf/api/models/" + model.repo() + "/tree/main/sub%2F..").statusCode()).isEqualTo(400);
    }

    private void assertRange(String url, String range, String contentRange, byte[] expected) {
        HttpResponse<byte[]> answer = http.send("GET", url, "Range", range);
        assertThat(answer.statusCode()).as(range).isEqualTo(206);
        assertThat(header(answer, "Content-Range")).as(range).isEqualTo(contentRange);
        assertThat(header(answer, "Content-Length")).as(range).isEqualTo(String.valueOf(expected.length));
        assertThat(header(answer, "X-Repo-Commit")).as(range).matches("[0-9a-f]{40}");
        assertThat(answer.body()).as(range).isEqualTo(expected);
        assertNoForbiddenHeaders(answer);
    }

    /** No redirect target (Python would download from it), no compression, and nothing that switches a client to Xet. */
    private static void assertNoForbiddenHeaders(HttpResponse<byte[]> answer) {
        assertThat(answer.headers().firstValue("Location")).isEmpty();
        assertThat(answer.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(answer.headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("x-xet"));
        assertThat(answer.headers().allValues("Link")).noneMatch(link -> link.contains("xet"));
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).doesNotContain("xet");
    }

    private void assertError(HttpResponse<byte[]> answer, int status, String code) {
        assertThat(answer.statusCode()).as(answer.uri().toString()).isEqualTo(status);
        assertThat(header(answer, "X-Error-Code")).isEqualTo(code);
        assertThat(header(answer, "X-Error-Message")).isNotEmpty();
        if (!answer.request().method().equals("HEAD")) {
            assertThat(header(answer, "Content-Type")).startsWith("application/json");
            assertThat(body(answer).get("error").asText()).isNotEmpty();
        }
    }

    private String resolve(String revision, String path) {
        return "/hf/" + model.repo() + "/resolve/" + revision + "/" + path;
    }

    private JsonNode getJson(String rawPath, int status) {
        HttpResponse<byte[]> answer = http.send("GET", rawPath, "Accept", "application/json");
        assertThat(answer.statusCode()).as(rawPath + ": " + new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(status);
        return body(answer);
    }

    private JsonNode body(HttpResponse<byte[]> answer) {
        try {
            return json.readTree(answer.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(answer.body(), StandardCharsets.UTF_8), e);
        }
    }

    private static String header(HttpResponse<byte[]> answer, String name) {
        return answer.headers().firstValue(name).orElse(null);
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.get(field).asText()));
        return values;
    }

    private static JsonNode sibling(JsonNode info, String path) {
        for (JsonNode sibling : info.get("siblings")) {
            if (sibling.get("rfilename").asText().equals(path)) {
                return sibling;
            }
        }
        throw new AssertionError("no sibling " + path);
    }

    private static JsonNode entry(JsonNode tree, String path) {
        for (JsonNode entry : tree) {
            if (entry.get("path").asText().equals(path)) {
                return entry;
            }
        }
        throw new AssertionError("no entry " + path);
    }

    private static JsonNode ref(JsonNode refs, String name) {
        for (JsonNode ref : refs) {
            if (ref.get("name").asText().equals(name)) {
                return ref;
            }
        }
        throw new AssertionError("no ref " + name);
    }

    private static String encode(String revision) {
        return URLEncoder.encode(revision, StandardCharsets.UTF_8);
    }

    private static String hex(byte[] bytes) {
        return Bytes.sha256(bytes).substring("sha256:".length());
    }

}
