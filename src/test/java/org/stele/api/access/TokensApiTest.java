package org.stele.api.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stele.store.BlobStore;
import org.stele.support.ArchiveState;
import org.stele.support.Bytes;
import org.stele.support.Deposits;
import org.stele.support.Lab;

/** Issuing, listing and revoking tokens; what a scoped token may and may not do; a pipeline limited to one namespace. */
@QuarkusTest
class TokensApiTest {
    @Inject
    EntityManager entityManager;

    @Inject
    BlobStore store;

    @Test
    void theSecretIsShownOnceAndOnlyItsHashIsKept() {
        Lab lab = Lab.create("tok");
        Instant expiry = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        var issued = given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON)
                .body(Map.of("name", "laptop", "scopes", List.of("read", "write"), "user", lab.maintainer, "expiresAt", expiry.toString()))
                .post("/api/v1/tokens").then().statusCode(201)
                .body("token", matchesPattern("stele_[0-9a-f]{64}"))
                .body("user", equalTo(lab.maintainer)).body("scopes", equalTo(List.of("read", "write")))
                .extract().jsonPath();
        String secret = issued.getString("token");
        String bearer = "Bearer " + secret;

        given().header("Authorization", bearer).get("/api/v1/tokens").then().statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].name", equalTo("laptop"))
                .body("items[0].id", equalTo(issued.getString("id")))
                .body("items[0].token", nullValue())
                .body("items[0].expiresAt", equalTo(expiry.toString()))
                .body("items[0].lastUsedAt", notNullValue()); // this very request used it
        Number stored = QuarkusTransaction.requiringNew().call(() -> (Number) entityManager.createNativeQuery(
                "select count(*) from api_token t where t::text like ?1").setParameter(1, "%" + secret.substring(6) + "%").getSingleResult());
        assertThat(stored.longValue()).as("no column holds the secret").isZero();
    }

    @Test
    void revocationTakesEffectOnTheNextRequest() throws Exception {
        Lab lab = Lab.create("rev");
        String token = Lab.token(lab.maintainer, List.of("read", "write"));
        String id = Lab.idOf(token, "token of " + lab.maintainer);
        given().header("Authorization", token).get("/api/v1/namespaces/" + lab.namespace).then().statusCode(200);
        given().header("Authorization", token).delete("/api/v1/tokens/" + id).then().statusCode(204);

        ArchiveState before = ArchiveState.of(store);
        given().header("Authorization", token).get("/api/v1/namespaces/" + lab.namespace).then().statusCode(401)
                .body("code", equalTo("unauthenticated"));
        given().header("Authorization", token).contentType(ContentType.JSON)
                .body(Map.of("namespace", lab.namespace, "name", "x", "title", "X", "license", "mit"))
                .post("/api/v1/models").then().statusCode(401).body("code", equalTo("unauthenticated"));
        assertThat(ArchiveState.of(store)).isEqualTo(before);
        given().header("Authorization", Deposits.AUTH).get("/api/v1/tokens?user=" + lab.maintainer).then().statusCode(200)
                .body("items.find { it.id == '" + id + "' }.revokedAt", notNullValue());
    }

    @Test
    void aTokenNeverGrantsMoreThanTheTokenThatAskedForItNorMoreThanItsUser() throws Exception {
        Lab lab = Lab.create("esc");
        String readOnly = Lab.token(lab.maintainer, List.of("read"));
        ArchiveState before = ArchiveState.of(store);
        given().header("Authorization", readOnly).contentType(ContentType.JSON).body(Map.of("name", "more", "scopes", List.of("read", "write")))
                .post("/api/v1/tokens").then().statusCode(403).body("code", equalTo("insufficient_scope"));
        given().header("Authorization", readOnly).contentType(ContentType.JSON)
                .body(Map.of("name", "other", "scopes", List.of("read"), "user", lab.owner))
                .post("/api/v1/tokens").then().statusCode(403).body("code", equalTo("forbidden"));
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON)
                .body(Map.of("name", "adm", "scopes", List.of("admin"), "user", lab.maintainer))
                .post("/api/v1/tokens").then().statusCode(403).body("code", equalTo("forbidden"));
        given().header("Authorization", readOnly).contentType(ContentType.JSON).body(Map.of("name", "bad", "scopes", List.of("root")))
                .post("/api/v1/tokens").then().statusCode(400).body("code", equalTo("invalid_scope"));
        given().header("Authorization", readOnly).contentType(ContentType.JSON)
                .body(Map.of("name", "old", "scopes", List.of("read"), "expiresAt", "2001-01-01T00:00:00Z"))
                .post("/api/v1/tokens").then().statusCode(400).body("code", equalTo("invalid_expiry"));
        assertThat(ArchiveState.of(store)).isEqualTo(before);

        // A reader's token with every scope still cannot write: the user's role bounds it.
        String reader = Lab.token(lab.reader, List.of("read", "write", "publish"));
        before = ArchiveState.of(store);
        given().header("Authorization", reader).contentType(ContentType.JSON)
                .body(Map.of("namespace", lab.namespace, "name", "x", "title", "X", "license", "mit"))
                .post("/api/v1/models").then().statusCode(403).body("code", equalTo("forbidden"));
        assertThat(ArchiveState.of(store)).isEqualTo(before);
    }

    @Test
    void aPipelineTokenLimitedToOneNamespaceDepositsThereAndNowhereElse() throws Exception {
        Lab lab = Lab.create("pipe");
        String pipeline = Deposits.uniqueName("pipeline");
        Lab.createUser(pipeline);
        Lab.member(lab.namespace, pipeline, "maintainer");
        Lab.member(lab.otherNamespace, pipeline, "maintainer");
        String token = Lab.token(pipeline, List.of("write", "publish"), List.of(lab.namespace), null);
        String model = lab.namespace + "/run";

        given().header("Authorization", token).contentType(ContentType.JSON)
                .body(Map.of("namespace", lab.namespace, "name", "run", "title", "Run", "license", "mit"))
                .post("/api/v1/models").then().statusCode(201);
        given().header("Authorization", token).contentType(ContentType.JSON).body(Map.of("version", "1"))
                .post("/api/v1/models/" + model + "/versions").then().statusCode(201);
        given().header("Authorization", token).contentType("application/octet-stream").body(Bytes.random(64, 1))
                .put("/api/v1/models/" + model + "/versions/1/files/w.bin").then().statusCode(201);
        given().header("Authorization", token).post("/api/v1/models/" + model + "/versions/1/publish").then().statusCode(200)
                .body("state", equalTo("published"));

        ArchiveState before = ArchiveState.of(store);
        given().header("Authorization", token).contentType(ContentType.JSON)
                .body(Map.of("namespace", lab.otherNamespace, "name", "run", "title", "Run", "license", "mit"))
                .post("/api/v1/models").then().statusCode(403).body("code", equalTo("insufficient_scope"));
        given().header("Authorization", token).contentType(ContentType.JSON).body(Map.of("version", "2"))
                .post("/api/v1/models/" + model + "/versions").then().statusCode(201);
        given().header("Authorization", token).contentType(ContentType.JSON).body(Map.of("version", "1"))
                .put("/api/v1/models/" + model + "/aliases/stable").then().statusCode(403).body("code", equalTo("forbidden"));
        given().header("Authorization", token).contentType(ContentType.JSON).body(Map.of("reason", "oops"))
                .post("/api/v1/models/" + model + "/versions/1/withdraw").then().statusCode(403).body("code", equalTo("forbidden"));
        assertThat(ArchiveState.of(store)).isNotEqualTo(before); // the draft "2" only
        // The token can mint a narrower one, never a wider one.
        given().header("Authorization", token).contentType(ContentType.JSON)
                .body(Map.of("name", "wide", "scopes", List.of("write"), "namespaces", List.of(lab.otherNamespace)))
                .post("/api/v1/tokens").then().statusCode(403).body("code", equalTo("insufficient_scope"));
        given().header("Authorization", token).contentType(ContentType.JSON).body(Map.of("name", "narrow", "scopes", List.of("write")))
                .post("/api/v1/tokens").then().statusCode(201).body("namespaces", equalTo(List.of(lab.namespace)));
    }
}
