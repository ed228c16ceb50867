package org.stele.api.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.stele.store.BlobStore;
import org.stele.support.ArchiveState;
import org.stele.support.Bytes;
import org.stele.support.Deposits;
import org.stele.support.Lab;

/**
 * Every write endpoint and every protected read, against every kind of caller. Each case asserts the status (and
 * the problem code) and that the catalog and storage changed exactly when the call was allowed: a refused call
 * changes nothing, a read changes nothing, an allowed write changes something (at least the audit trail).
 */
@QuarkusTest
class AccessMatrixTest {
    /**
     * The callers, in the order of the expectation columns below. Every user owns his personal namespace, so the
     * reader and the other namespace's maintainer may store bytes (blobs, upload sessions) too, to deposit there.
     */
    enum Caller {
        ANONYMOUS, READER, OTHER_MAINTAINER, MAINTAINER, OWNER, ADMIN, EXPIRED, REVOKED, LACKING_SCOPE
    }

    private static final String F = "403 forbidden";
    private static final String S = "403 insufficient_scope";
    private static final AtomicLong SEED = new AtomicLong(7000);
    private static final String FUTURE = Instant.now().plus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();

    @Inject
    BlobStore store;

    /** One call: method, path, and a JSON (Map) or byte[] body, or none. */
    record Call(String method, String path, Object body) {
        static Call of(String method, String path) {
            return new Call(method, path, null);
        }
    }

    /** A row of the table: a call made against a scene, and per caller (in {@link Caller} order) what it answers. */
    record Row(String name, boolean write, Function<Scene, Call> call, String... expected) {
    }

    /**
     * What calls act on: a public model with published 1.0 (a.bin) and draft 2.0 (b.bin, held by no other version),
     * a restricted model with published 1.0 (c.bin) and draft 2.0, stored content no version holds yet (the maintainer
     * uploaded it), a spare user who is a reader of the lab, a token of the maintainer's to revoke, and an upload session
     * the maintainer opened holding one chunk (whose digest completes it), and a depositor signing key of the lab's.
     * Each part is made when a call first asks for it (before the case's first snapshot), so that an allowed write's
     * scene of its own holds only what that write acts on: making every part for each of them was most of this suite's
     * time.
     */
    final class Scene {
        private String pub;
        private String releasedDigest;
        private String draftDigest;
        private String sec;
        private String secPid;
        private String secDigest;
        private String looseDigest;
        private boolean spareIsReader;
        private String victimToken;
        private String session;
        private String sessionDigest;
        private String signingKey;

        /** Makes every part, for the scene the cases that change nothing share. */
        Scene whole() {
            pub();
            sec();
            looseDigest();
            spare();
            victimToken();
            session();
            signingKey();
            return this;
        }

        String pub() {
            if (pub == null) {
                byte[] a = Bytes.random(100, SEED.incrementAndGet());
                byte[] b = Bytes.random(100, SEED.incrementAndGet());
                pub = model("pub", false);
                release(pub, "a.bin", a);
                Deposits.createVersion(pub, "2.0").statusCode(201);
                Deposits.putFile(pub, "2.0", "b.bin", b).statusCode(201);
                releasedDigest = Bytes.sha256(a);
                draftDigest = Bytes.sha256(b);
            }
            return pub;
        }

        String releasedDigest() {
            pub();
            return releasedDigest;
        }

        String draftDigest() {
            pub();
            return draftDigest;
        }

        String sec() {
            if (sec == null) {
                byte[] c = Bytes.random(100, SEED.incrementAndGet());
                sec = model("sec", true);
                release(sec, "c.bin", c);
                Deposits.createVersion(sec, "2.0").statusCode(201);
                Deposits.putFile(sec, "2.0", "d.bin", Bytes.random(100, SEED.incrementAndGet())).statusCode(201);
                secPid = Deposits.version(sec, "1.0").statusCode(200).extract().path("pid");
                secDigest = Bytes.sha256(c);
            }
            return sec;
        }

        String secPid() {
            sec();
            return secPid;
        }

        String secDigest() {
            sec();
            return secDigest;
        }

        String looseDigest() {
            if (looseDigest == null) {
                byte[] loose = Bytes.random(100, SEED.incrementAndGet());
                given().header("Authorization", writeTokens.get(Caller.MAINTAINER)).body(loose).post("/api/v1/blobs").then()
                        .statusCode(201);
                looseDigest = Bytes.sha256(loose);
            }
            return looseDigest;
        }

        /** The spare user, a reader of the lab again (an earlier case may have removed him or changed his role). */
        String spare() {
            if (!spareIsReader) {
                Lab.member(lab.namespace, spare, "reader");
                spareIsReader = true;
            }
            return spare;
        }

        String victimToken() {
            if (victimToken == null) {
                victimToken = given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON)
                        .body(Map.of("name", "victim", "scopes", List.of("read"), "user", lab.maintainer))
                        .post("/api/v1/tokens").then().statusCode(201).extract().path("id");
            }
            return victimToken;
        }

        String session() {
            if (session == null) {
                byte[] chunk = Bytes.random(100, SEED.incrementAndGet());
                String maintainer = writeTokens.get(Caller.MAINTAINER);
                session = given().header("Authorization", maintainer).post("/api/v1/uploads").then().statusCode(201)
                        .extract().header("Location");
                given().header("Authorization", maintainer).contentType("application/octet-stream").body(chunk).patch(session)
                        .then().statusCode(204);
                sessionDigest = Bytes.sha256(chunk);
            }
            return session;
        }

        String sessionDigest() {
            session();
            return sessionDigest;
        }

        String signingKey() {
            if (signingKey == null) {
                signingKey = given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON)
                        .body(Map.of("publicKeyPem", signingKeyPem())).post("/api/v1/namespaces/" + lab.namespace + "/signing-keys")
                        .then().statusCode(201).extract().path("id");
            }
            return signingKey;
        }
    }

    /**
     * The archive as the previous case left it, when that case was to change nothing and did not: the next case's
     * starting point, which saves a snapshot per case (two cost most of this suite's time). An allowed write leaves
     * none, since what it sets going may land later.
     */
    private ArchiveState unchanged;
    private Lab lab;
    private String spare;
    private final Map<Caller, String> writeTokens = new EnumMap<>(Caller.class);
    private final Map<Caller, String> readTokens = new EnumMap<>(Caller.class);

    private List<Row> rows() {
        String ns = lab.namespace;
        return List.of(
                // writes                                                           ANON  READER OTHER  MAINT  OWNER  ADMIN  EXPIRED REVOKED LACKING
                new Row("create model", true, s -> json("POST", "/api/v1/models", Map.of("namespace", ns, "name", Deposits.uniqueName("n"),
                        "title", "T", "license", "mit")), "401", F, F, "201", "201", "201", "401", "401", S),
                new Row("edit model metadata", true, s -> json("PATCH", "/api/v1/models/" + s.pub(), Map.of("title", "Edited")),
                        "401", F, F, "200", "200", "200", "401", "401", S),
                new Row("edit restricted model", true, s -> json("PATCH", "/api/v1/models/" + s.sec(), Map.of("title", "Edited")),
                        "401", F, "404", "200", "200", "200", "401", "401", S),
                new Row("change visibility", true, s -> json("PATCH", "/api/v1/models/" + s.pub(), Map.of("visibility", "restricted")),
                        "401", F, F, F, "200", "200", "401", "401", F),
                new Row("move alias", true, s -> json("PUT", "/api/v1/models/" + s.pub() + "/aliases/stable", Map.of("version", "1.0")),
                        "401", F, F, F, "200", "200", "401", "401", F),
                new Row("create version", true, s -> json("POST", "/api/v1/models/" + s.pub() + "/versions", Map.of("version", "3.0")),
                        "401", F, F, "201", "201", "201", "401", "401", S),
                new Row("create version of restricted model", true, s -> json("POST", "/api/v1/models/" + s.sec() + "/versions",
                        Map.of("version", "3.0")), "401", F, "404", "201", "201", "201", "401", "401", S),
                new Row("embargo a draft", true, s -> json("PATCH", "/api/v1/models/" + s.pub() + "/versions/2.0",
                        Map.of("embargoUntil", FUTURE)), "401", F, F, "200", "200", "200", "401", "401", S),
                new Row("embargo a published version", true, s -> json("PATCH", "/api/v1/models/" + s.pub() + "/versions/1.0",
                        Map.of("embargoUntil", FUTURE)), "401", F, F, F, "200", "200", "401", "401", S),
                new Row("discard draft", true, s -> Call.of("DELETE", "/api/v1/models/" + s.pub() + "/versions/2.0"),
                        "401", F, F, "204", "204", "204", "401", "401", S),
                new Row("publish", true, s -> Call.of("POST", "/api/v1/models/" + s.pub() + "/versions/2.0/publish"),
                        "401", F, F, "200", "200", "200", "401", "401", S),
                new Row("withdraw", true, s -> json("POST", "/api/v1/models/" + s.pub() + "/versions/1.0/withdraw", Map.of("reason", "bad")),
                        "401", F, F, F, F, "200", "401", "401", F),
                new Row("request withdrawal", true, s -> json("POST", "/api/v1/models/" + s.pub() + "/versions/1.0/withdrawal-request",
                        Map.of("reason", "bad")), "401", F, F, F, "202", "202", "401", "401", F),
                new Row("upload a file", true, s -> new Call("PUT", "/api/v1/models/" + s.pub() + "/versions/2.0/files/new.bin",
                        Bytes.random(300, SEED.incrementAndGet())), "401", F, F, "201", "201", "201", "401", "401", S),
                new Row("upload into restricted draft", true, s -> new Call("PUT", "/api/v1/models/" + s.sec() + "/versions/2.0/files/new.bin",
                        Bytes.random(300, SEED.incrementAndGet())), "401", F, "404", "201", "201", "201", "401", "401", S),
                new Row("attach published content", true, s -> json("POST", "/api/v1/models/" + s.pub() + "/versions/2.0/files",
                        Map.of("path", "attached.bin", "digest", s.releasedDigest())), "401", F, F, "201", "201", "201", "401", "401", S),
                // Content no version holds is its uploader's (the maintainer's): anyone else must send the bytes.
                new Row("attach stored content", true, s -> json("POST", "/api/v1/models/" + s.pub() + "/versions/2.0/files",
                        Map.of("path", "attached.bin", "digest", s.looseDigest())), "401", F, F, "201", "404 blob_not_found", "201",
                        "401", "401", S),
                new Row("remove a file", true, s -> Call.of("DELETE", "/api/v1/models/" + s.pub() + "/versions/2.0/files/b.bin"),
                        "401", F, F, "204", "204", "204", "401", "401", S),
                new Row("store a blob", true, s -> new Call("POST", "/api/v1/blobs", Bytes.random(200, SEED.incrementAndGet())),
                        "401", "201", "201", "201", "201", "201", "401", "401", S),
                new Row("open an upload session", true, s -> Call.of("POST", "/api/v1/uploads"),
                        "401", "201", "201", "201", "201", "201", "401", "401", S),
                // A session is its opener's (the maintainer's): even the namespace owner is told it does not exist.
                new Row("append to the maintainer's upload session", true, s -> new Call("PATCH", s.session(),
                        Bytes.random(50, SEED.incrementAndGet())), "401", "404", "404", "204", "404", "204", "401", "401", S),
                new Row("complete the maintainer's upload session", true, s -> Call.of("PUT", s.session() + "?digest=" + s.sessionDigest()),
                        "401", "404", "404", "201", "404", "201", "401", "401", S),
                new Row("cancel the maintainer's upload session", true, s -> Call.of("DELETE", s.session()),
                        "401", "404", "404", "204", "404", "204", "401", "401", S),
                new Row("create user", true, s -> json("POST", "/api/v1/users", Map.of("username", Deposits.uniqueName("u"), "name", "U")),
                        "401", F, F, F, F, "201", "401", "401", F),
                new Row("create namespace", true, s -> json("POST", "/api/v1/namespaces", Map.of("name", Deposits.uniqueName("ns"))),
                        "401", F, F, F, F, "201", "401", "401", F),
                new Row("change a member's role", true, s -> json("PUT", "/api/v1/namespaces/" + ns + "/members/" + s.spare(),
                        Map.of("role", "maintainer")), "401", F, F, F, "200", "200", "401", "401", F),
                new Row("remove a member", true, s -> Call.of("DELETE", "/api/v1/namespaces/" + ns + "/members/" + s.spare()),
                        "401", F, F, F, "204", "204", "401", "401", F),
                new Row("register a signing key", true, s -> json("POST", "/api/v1/namespaces/" + ns + "/signing-keys",
                        Map.of("publicKeyPem", signingKeyPem())), "401", F, F, F, "201", "201", "401", "401", F),
                new Row("revoke a signing key", true, s -> Call.of("DELETE", "/api/v1/namespaces/" + ns + "/signing-keys/" + s.signingKey()),
                        "401", F, F, F, "200", "200", "401", "401", F),
                new Row("issue a token", true, s -> json("POST", "/api/v1/tokens", Map.of("name", "mine", "scopes", List.of("read"))),
                        "401", "201", "201", "201", "201", "201", "401", "401", "201"),
                new Row("run garbage collection", true, s -> Call.of("POST", "/api/v1/admin/gc"),
                        "401", F, F, F, F, "200", "401", "401", F),
                // The published version is not withdrawn: the admin gets past access to the 409, everyone else not.
                new Row("purge a version", true, s -> json("POST", "/api/v1/admin/models/" + s.pub() + "/versions/1.0/purge",
                        Map.of("reason", "court order")), "401", F, F, F, F, "409 not_withdrawn", "401", "401", F),
                new Row("revoke the maintainer's token", true, s -> Call.of("DELETE", "/api/v1/tokens/" + s.victimToken()),
                        "401", "404", "404", "204", "404", "204", "401", "401", "204"),
                // protected reads                                                  ANON  READER OTHER  MAINT  OWNER  ADMIN  EXPIRED REVOKED LACKING
                new Row("restricted model", false, s -> Call.of("GET", "/api/v1/models/" + s.sec()),
                        "404", "200", "404", "200", "200", "200", "401", "401", S),
                new Row("restricted version record", false, s -> Call.of("GET", "/api/v1/models/" + s.sec() + "/versions/1.0"),
                        "404", "200", "404", "200", "200", "200", "401", "401", S),
                new Row("restricted file", false, s -> Call.of("GET", "/api/v1/models/" + s.sec() + "/versions/1.0/files/c.bin"),
                        "404", "200", "404", "200", "200", "200", "401", "401", S),
                new Row("draft record", false, s -> Call.of("GET", "/api/v1/models/" + s.pub() + "/versions/2.0"),
                        "404", "200", "404", "200", "200", "200", "401", "401", "404"),
                new Row("draft file", false, s -> Call.of("GET", "/api/v1/models/" + s.pub() + "/versions/2.0/files/b.bin"),
                        "404", "200", "404", "200", "200", "200", "401", "401", "404"),
                new Row("HEAD of a blob only a restricted model holds", false, s -> Call.of("HEAD", "/api/v1/blobs/" + s.secDigest()),
                        "404", "200", "404", "200", "200", "200", "401", "401", "404"),
                new Row("HEAD of a blob only a draft holds", false, s -> Call.of("HEAD", "/api/v1/blobs/" + s.draftDigest()),
                        "404", "200", "404", "200", "200", "200", "401", "401", "404"),
                new Row("restricted model's identifier", false, s -> Call.of("GET", "/pid/" + s.secPid() + "?format=json"),
                        "404", "200", "404", "200", "200", "200", "404", "404", "404"),
                new Row("restricted model over /hf", false, s -> Call.of("GET", "/hf/api/models/" + s.sec()),
                        "401", "200", "404", "200", "200", "200", "401", "401", "404"),
                new Row("offset of the maintainer's upload session", false, s -> Call.of("HEAD", s.session()),
                        "401", "404", "404", "204", "404", "204", "401", "401", "204"),
                new Row("GET of a blob only a restricted model holds", false, s -> Call.of("GET", "/api/v1/blobs/" + s.secDigest()),
                        "404", "200", "404", "200", "200", "200", "401", "401", "404"),
                new Row("GET of stored content no version holds", false, s -> Call.of("GET", "/api/v1/blobs/" + s.looseDigest()),
                        "404 blob_not_found", "404 blob_not_found", "404 blob_not_found", "200", "404 blob_not_found", "200", "401",
                        "401", "200"),
                new Row("restricted version's deposit package", false, s -> Call.of("GET", "/api/v1/models/" + s.sec() + "/versions/1.0/bag"),
                        "404", "200", "404", "200", "200", "200", "401", "401", S),
                new Row("restricted file over /hf", false, s -> Call.of("GET", "/hf/" + s.sec() + "/resolve/main/c.bin"),
                        "401", "200", "404", "200", "200", "200", "401", "401", "404"),
                new Row("the maintainer's account", false, s -> Call.of("GET", "/api/v1/users/" + lab.maintainer),
                        "401", "404", "404", "200", "404", "200", "401", "401", "200"),
                new Row("own tokens", false, s -> Call.of("GET", "/api/v1/tokens"),
                        "401", "200", "200", "200", "200", "200", "401", "401", "200"),
                new Row("garbage collection dry run", false, s -> Call.of("POST", "/api/v1/admin/gc?dryRun=true"),
                        "401", F, F, F, F, "200", "401", "401", F),
                new Row("fixity report", false, s -> Call.of("GET", "/api/v1/admin/fixity"),
                        "401", F, F, F, F, "200", "401", "401", F),
                new Row("replication backlog", false, s -> Call.of("GET", "/api/v1/admin/replication"),
                        "401", F, F, F, F, "200", "401", "401", F),
                new Row("namespace members", false, s -> Call.of("GET", "/api/v1/namespaces/" + ns),
                        "401", "200", F, "200", "200", "200", "401", "401", S),
                new Row("namespace signing keys", false, s -> Call.of("GET", "/api/v1/namespaces/" + ns + "/signing-keys"),
                        "401", "200", F, "200", "200", "200", "401", "401", S),
                new Row("audit trail of the namespace", false, s -> Call.of("GET", "/api/v1/audit?namespace=" + ns),
                        "401", F, F, F, "200", "200", "401", "401", F),
                new Row("whole audit trail", false, s -> Call.of("GET", "/api/v1/audit"),
                        "401", F, F, F, F, "200", "401", "401", F));
    }

    /** Whether this run checks {@code row}; every row here, the writes alone where another storage driver is the point. */
    boolean covers(Row row) {
        return true;
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointAgainstEveryCaller() throws Exception {
        setUp();
        Scene shared = new Scene().whole();
        List<DynamicTest> tests = new ArrayList<>();
        for (Row row : rows().stream().filter(this::covers).toList()) {
            assertThat(row.expected()).as(row.name()).hasSize(Caller.values().length);
            for (Caller caller : Caller.values()) {
                String expected = row.expected()[caller.ordinal()];
                tests.add(DynamicTest.dynamicTest(row.name() + " as " + caller, () -> {
                    boolean allowed = expected.startsWith("2");
                    // An allowed write gets a scene of its own; everything else must leave the shared one as it was.
                    Scene scene = allowed && row.write() ? new Scene() : shared;
                    Call call = row.call().apply(scene);
                    ArchiveState before = scene == shared && unchanged != null ? unchanged : ArchiveState.of(store);
                    unchanged = null;
                    Response answer = send(call, (row.write() ? writeTokens : readTokens).get(caller));
                    String[] status = expected.split(" ");
                    assertThat(answer.statusCode()).as("%s as %s: %s", row.name(), caller, answer.asString())
                            .isEqualTo(Integer.parseInt(status[0]));
                    if (status.length > 1 && !call.method().equals("HEAD")) {
                        assertThat(answer.jsonPath().getString("code")).as(row.name() + " as " + caller).isEqualTo(status[1]);
                    }
                    if (answer.statusCode() == 401 && call.path().startsWith("/api/")) {
                        assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
                    }
                    ArchiveState after = ArchiveState.of(store);
                    if (allowed && row.write()) {
                        assertThat(after).as("an allowed write changes the archive").isNotEqualTo(before);
                    } else {
                        assertThat(after).as("%s as %s changed nothing", row.name(), caller).isEqualTo(before);
                        unchanged = after;
                    }
                }));
            }
        }
        return tests.stream();
    }

    private void setUp() throws InterruptedException {
        lab = Lab.create("acl");
        spare = Deposits.uniqueName("spare");
        Lab.createUser(spare);
        List<String> all = List.of("read", "write", "publish");
        for (Map<Caller, String> tokens : List.of(writeTokens, readTokens)) {
            tokens.put(Caller.READER, Lab.token(lab.reader, all));
            tokens.put(Caller.OTHER_MAINTAINER, Lab.token(lab.outsider, all));
            tokens.put(Caller.MAINTAINER, Lab.token(lab.maintainer, all));
            tokens.put(Caller.OWNER, Lab.token(lab.owner, all));
            tokens.put(Caller.ADMIN, Deposits.AUTH);
        }
        writeTokens.put(Caller.LACKING_SCOPE, Lab.token(lab.maintainer, List.of("read")));
        readTokens.put(Caller.LACKING_SCOPE, Lab.token(lab.maintainer, List.of("write", "publish")));
        String revoked = Lab.token(lab.maintainer, all);
        given().header("Authorization", revoked).delete("/api/v1/tokens/" + Lab.idOf(revoked, "token of " + lab.maintainer))
                .then().statusCode(204);
        String expired = Lab.token(lab.maintainer, all, null, Instant.now().plusMillis(1500));
        for (Map<Caller, String> tokens : List.of(writeTokens, readTokens)) {
            tokens.put(Caller.REVOKED, revoked);
            tokens.put(Caller.EXPIRED, expired);
        }
        Thread.sleep(1600); // the expired token's time runs out
    }

    /** A new P-256 public key in PEM, so that every registration is of a key not registered yet. */
    private static String signingKeyPem() {
        try {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
            generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            return "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                    .encodeToString(generator.generateKeyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String model(String stem, boolean restricted) {
        return Deposits.model(lab.namespace, stem, restricted);
    }

    private static void release(String model, String path, byte[] bytes) {
        Deposits.createVersion(model, "1.0").statusCode(201);
        Deposits.putFile(model, "1.0", path, bytes).statusCode(201);
        Deposits.publish(model, "1.0").statusCode(200);
    }

    private static Call json(String method, String path, Map<String, ?> body) {
        return new Call(method, path, body);
    }

    private static Response send(Call call, String token) {
        RequestSpecification request = given().redirects().follow(false);
        if (token != null) {
            request.header("Authorization", token);
        }
        if (call.body() instanceof byte[] bytes) {
            request.contentType("application/octet-stream").body(bytes);
        } else if (call.body() != null) {
            request.contentType(ContentType.JSON).body(call.body());
        }
        return request.request(call.method(), call.path());
    }
}
