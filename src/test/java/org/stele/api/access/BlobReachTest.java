package org.stele.api.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stele.store.BlobStore;
import org.stele.support.ArchiveState;
import org.stele.support.Bytes;
import org.stele.support.Deposits;
import org.stele.support.Lab;

/**
 * Bytes are reachable by hash only through something servable: content no servable version holds answers as its
 * strictest holder would, bytes nothing holds are their uploader's alone, and attaching by digest takes bytes the
 * caller could read or sent himself; anyone else sends the bytes, which dedups.
 */
@QuarkusTest
class BlobReachTest {
    @Inject
    BlobStore store;

    private record Parties(Lab lab, String maintainer, String reader, String outsider) {
        static Parties of(String stem) {
            Lab lab = Lab.create(stem);
            return new Parties(lab, Lab.token(lab.maintainer, List.of("read", "write")), Lab.token(lab.reader, List.of("read")),
                    Lab.token(lab.outsider, List.of("read", "write")));
        }

        /** A model of the lab's namespace, restricted or public, created by the admin. */
        String model(boolean restricted) {
            return Deposits.model(lab.namespace, "reach", restricted);
        }

        /** A draft of the outsider's own model, in the namespace he maintains. */
        String outsiderDraft() {
            String name = Deposits.uniqueName("own");
            Deposits.createModel(lab.otherNamespace, name).statusCode(201);
            String model = lab.otherNamespace + "/" + name;
            Deposits.createVersion(model, "1").statusCode(201);
            return model;
        }
    }

    private static RequestSpecification as(String token) {
        return token == null ? given() : given().header("Authorization", token);
    }

    private static void put(String token, String model, String label, String path, byte[] bytes) {
        as(token).contentType("application/octet-stream").body(bytes)
                .put("/api/v1/models/" + model + "/versions/" + label + "/files/" + path).then().statusCode(201);
    }

    private static io.restassured.response.ValidatableResponse attach(String token, String model, String label, String digest) {
        return as(token).contentType(ContentType.JSON).body(Map.of("path", "attached.bin", "digest", digest))
                .post("/api/v1/models/" + model + "/versions/" + label + "/files").then();
    }

    private static void readable(String token, String digest, byte[] bytes) {
        assertThat(as(token).get("/api/v1/blobs/" + digest).then().statusCode(200).extract().asByteArray()).isEqualTo(bytes);
        as(token).head("/api/v1/blobs/" + digest).then().statusCode(200);
    }

    private static void absent(String token, String digest) {
        as(token).get("/api/v1/blobs/" + digest).then().statusCode(404).contentType("application/problem+json")
                .body("code", equalTo("blob_not_found"));
        as(token).head("/api/v1/blobs/" + digest).then().statusCode(404);
    }

    /** An attach the caller may not make changes nothing, and the same bytes sent again (deduplicated) attach. */
    private void refusedUntilSent(String outsider, String ownModel, String digest, byte[] bytes, int status, String code)
            throws IOException {
        ArchiveState before = ArchiveState.of(store);
        attach(outsider, ownModel, "1", digest).statusCode(status).body("code", equalTo(code));
        assertThat(ArchiveState.of(store)).isEqualTo(before);
        as(outsider).contentType("application/octet-stream").body(bytes).post("/api/v1/blobs").then().statusCode(200)
                .body("digest", equalTo(digest));
        attach(outsider, ownModel, "1", digest).statusCode(201).body("digest", equalTo(digest));
    }

    @Test
    void bytesDeletedFromARestrictedDraftAreTheirUploadersAlone() throws IOException {
        Parties p = Parties.of("rdel");
        String model = p.model(true);
        byte[] bytes = Bytes.random(700, 9101);
        String digest = Bytes.sha256(bytes);
        Deposits.createVersion(model, "1").statusCode(201);
        put(p.maintainer(), model, "1", "w.bin", bytes);
        readable(p.reader(), digest, bytes); // a member reads the draft's bytes
        absent(null, digest);
        absent(p.outsider(), digest);

        as(p.maintainer()).delete("/api/v1/models/" + model + "/versions/1/files/w.bin").then().statusCode(204);
        absent(null, digest);
        absent(p.outsider(), digest);
        absent(p.reader(), digest); // no draft holds them any more, and he never sent them
        readable(p.maintainer(), digest, bytes); // who sent them still holds them
        readable(Deposits.AUTH, digest, bytes);

        refusedUntilSent(p.outsider(), p.outsiderDraft(), digest, bytes, 404, "blob_not_found");
    }

    @Test
    void bytesOfADiscardedDraftAreNoOnesButTheirUploaders() throws IOException {
        Parties p = Parties.of("disc");
        String model = p.model(false);
        byte[] bytes = Bytes.random(800, 9102);
        String digest = Bytes.sha256(bytes);
        Deposits.createVersion(model, "1").statusCode(201);
        put(p.maintainer(), model, "1", "w.bin", bytes);
        absent(null, digest); // a draft of a public model is nobody's business either
        as(p.maintainer()).delete("/api/v1/models/" + model + "/versions/1").then().statusCode(204);

        absent(null, digest);
        absent(p.outsider(), digest);
        absent(p.reader(), digest);
        readable(p.maintainer(), digest, bytes);
        refusedUntilSent(p.outsider(), p.outsiderDraft(), digest, bytes, 404, "blob_not_found");
        // Now in the outsider's draft: still no one else's.
        absent(null, digest);
        absent(p.reader(), digest);
    }

    @Test
    void bytesOfWithdrawnVersionsAreNotAttachableByOthers() throws IOException {
        Parties p = Parties.of("wdr");
        String open = p.model(false);
        String closed = p.model(true);
        byte[] bytes = Bytes.random(900, 9103);
        byte[] secret = Bytes.random(900, 9104);
        String digest = Bytes.sha256(bytes);
        String secretDigest = Bytes.sha256(secret);
        Deposits.createVersion(open, "1").statusCode(201);
        Deposits.createVersion(closed, "1").statusCode(201);
        put(p.maintainer(), open, "1", "w.bin", bytes);
        put(p.maintainer(), closed, "1", "w.bin", secret);
        for (String model : List.of(open, closed)) {
            Deposits.publish(model, "1").statusCode(200);
            given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body(Map.of("reason", "Licence revoked"))
                    .post("/api/v1/models/" + model + "/versions/1/withdraw").then().statusCode(200);
        }
        // As the withdrawn versions answer for their files: 410 where the version is known, 404 where it is not.
        for (String caller : new String[] {null, p.outsider(), p.reader()}) {
            as(caller).get("/api/v1/blobs/" + digest).then().statusCode(410).body("code", equalTo("withdrawn"));
        }
        absent(null, secretDigest);
        absent(p.outsider(), secretDigest);
        as(p.reader()).get("/api/v1/blobs/" + secretDigest).then().statusCode(410).body("code", equalTo("withdrawn"));
        as(p.reader()).get("/api/v1/models/" + closed + "/versions/1/files/w.bin").then().statusCode(410);
        as(p.outsider()).get("/api/v1/models/" + closed + "/versions/1/files/w.bin").then().statusCode(404);

        String own = p.outsiderDraft();
        refusedUntilSent(p.outsider(), own, digest, bytes, 410, "withdrawn");
        ArchiveState before = ArchiveState.of(store);
        as(p.outsider()).contentType(ContentType.JSON).body(Map.of("path", "secret.bin", "digest", secretDigest))
                .post("/api/v1/models/" + own + "/versions/1/files").then().statusCode(404).body("code", equalTo("blob_not_found"));
        assertThat(ArchiveState.of(store)).isEqualTo(before);
    }

    @Test
    void uploadThenAttachThenPublishThenReadByHash() throws IOException {
        Parties p = Parties.of("flow");
        byte[] bytes = Bytes.random(1000, 9105);
        String digest = Bytes.sha256(bytes);
        as(p.outsider()).contentType("application/octet-stream").body(bytes).post("/api/v1/blobs").then().statusCode(201);
        readable(p.outsider(), digest, bytes);
        absent(null, digest);
        absent(p.maintainer(), digest);

        // Another depositor cannot take the bytes by their digest alone...
        String model = p.model(false);
        Deposits.createVersion(model, "1").statusCode(201);
        ArchiveState before = ArchiveState.of(store);
        attach(p.maintainer(), model, "1", digest).statusCode(404).body("code", equalTo("blob_not_found"));
        assertThat(ArchiveState.of(store)).isEqualTo(before);

        // ... while the uploader attaches them, and once published they are everyone's.
        String own = p.outsiderDraft();
        attach(p.outsider(), own, "1", digest).statusCode(201).body("size", equalTo(1000));
        absent(null, digest);
        Deposits.publish(own, "1").statusCode(200);
        readable(null, digest, bytes);
        readable(p.maintainer(), digest, bytes);
        attach(p.maintainer(), model, "1", digest).statusCode(201);
    }
}
