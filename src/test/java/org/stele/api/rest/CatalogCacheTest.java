package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stele.archive.reading.CatalogCache;
import org.stele.support.Bytes;
import org.stele.support.Deposits;

/**
 * Published answers are cached per catalog generation: repeated reads come from memory, and any committed change,
 * through the API or straight in the database (as another instance would make it), is seen by the next read.
 */
@QuarkusTest
class CatalogCacheTest {
    @Inject
    CatalogCache cache;

    @Inject
    EntityManager entityManager;

    @Test
    void readsLeaveTheGenerationAloneAndChangesMoveIt() {
        byte[] bytes = Bytes.random(3_000, 4101);
        String model = Deposits.published("1", Map.of("w.bin", bytes));
        String pid = Deposits.version(model, "1").extract().path("pid");
        long before = cache.generation();
        resolve(pid).statusCode(200);
        resolve(pid).statusCode(200);
        given().get("/api/v1/blobs/" + PreservationApiTest.digest(bytes)).then().statusCode(200);
        assertThat(cache.generation()).isEqualTo(before);

        Deposits.createVersion(model, "2").statusCode(201);
        assertThat(cache.generation()).isGreaterThan(before);
    }

    @Test
    void aWithdrawalIsSeenByTheNextAnonymousRead() {
        String model = Deposits.published("1", Map.of("w.bin", Bytes.random(3_000, 4102)));
        String pid = Deposits.version(model, "1").extract().path("pid");
        resolve(pid).statusCode(200).body("state", equalTo("published"));
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body(Map.of("reason", "Licence revoked"))
                .post("/api/v1/models/" + model + "/versions/1/withdraw").then().statusCode(200);
        resolve(pid).statusCode(410).body("reason", equalTo("Licence revoked"));
    }

    @Test
    void aChangeMadeStraightInTheDatabaseIsSeenToo() {
        String model = Deposits.published("1", Map.of("w.bin", Bytes.random(3_000, 4103)));
        String pid = Deposits.version(model, "1").extract().path("pid");
        resolve(pid).statusCode(200).body("title", equalTo("A model called " + model.substring(4)));
        given().accept("text/html").get("/pid/" + pid).then().statusCode(200);
        sql("update model_version set title = 'Renamed elsewhere' where pid = '" + pid + "'");
        resolve(pid).statusCode(200).body("title", equalTo("Renamed elsewhere"));
        given().accept("text/html").get("/pid/" + pid).then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("Renamed elsewhere"));
    }

    @Test
    void blobsMadeRestrictedElsewhereAreNoLongerServedToOutsiders() {
        byte[] bytes = Bytes.random(3_000, 4104);
        String model = Deposits.published("1", Map.of("w.bin", bytes));
        String blob = "/api/v1/blobs/" + PreservationApiTest.digest(bytes);
        given().get(blob).then().statusCode(200);
        given().get(blob).then().statusCode(200);
        sql("update model set visibility = 'restricted' where namespace = 'lab' and name = '" + model.substring(4) + "'");
        given().get(blob).then().statusCode(404).contentType("application/problem+json").body("code", equalTo("blob_not_found"));
        given().header("Authorization", Deposits.AUTH).get(blob).then().statusCode(200);
    }

    @Test
    void damageRecordedElsewhereStopsTheNextDownload() {
        byte[] bytes = Bytes.random(3_000, 4105);
        Deposits.published("1", Map.of("w.bin", bytes));
        String digest = PreservationApiTest.digest(bytes).toString();
        given().get("/api/v1/blobs/" + digest).then().statusCode(200);
        sql("insert into blob_fixity (digest, checked_at, outcome, detail, damaged_since) values ('" + digest
                + "', now(), 'corrupt', 'found by another instance', now())");
        given().get("/api/v1/blobs/" + digest).then().statusCode(500).body("code", equalTo("integrity_error"));
        sql("delete from blob_fixity where digest = '" + digest + "'");
        given().get("/api/v1/blobs/" + digest).then().statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse resolve(String pid) {
        return given().accept(ContentType.JSON).get("/pid/" + pid).then();
    }

    private void sql(String statement) {
        QuarkusTransaction.requiringNew().run(() -> assertThat(entityManager.createNativeQuery(statement).executeUpdate()).isEqualTo(1));
    }
}
