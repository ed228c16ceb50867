package org.stele.api.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stele.support.Bytes;
import org.stele.support.Deposits;
import org.stele.support.Lab;

/** A restricted model leaks nowhere: listings, search, the home page, blob HEAD, lineage; members see it all. */
@QuarkusTest
class VisibilityTest {

    @Test
    void restrictedModelsAreInvisibleToOutsidersEverywhere() {
        Lab lab = Lab.create("vis");
        String secret = Deposits.uniqueName("zebracorn");
        String model = lab.namespace + "/" + secret;
        Deposits.createModel(lab.namespace, secret).statusCode(201);
        byte[] weights = Bytes.random(500, 4242);
        Deposits.createVersion(model, "1.0").statusCode(201);
        Deposits.putFile(model, "1.0", "w.bin", weights).statusCode(201);
        Deposits.publish(model, "1.0").statusCode(200);
        String owner = Lab.token(lab.owner, List.of("read", "write"));
        given().header("Authorization", owner).contentType(ContentType.JSON).body(Map.of("visibility", "restricted"))
                .patch("/api/v1/models/" + model).then().statusCode(200).body("visibility", equalTo("restricted"));
        String member = Lab.token(lab.reader, List.of("read"));
        String outsider = Lab.token(lab.outsider, List.of("read", "write"));

        for (String caller : new String[] {null, outsider}) {
            var request = caller == null ? given() : given().header("Authorization", caller);
            request.get("/api/v1/models?namespace=" + lab.namespace).then().statusCode(200).body("items.name", not(hasItem(secret)));
            auth(caller).get("/api/v1/models?limit=200").then().statusCode(200).body("items.name", not(hasItem(secret)));
            auth(caller).get("/api/v1/search?q=" + secret).then().statusCode(200).body("items.name", not(hasItem(secret)));
            auth(caller).get("/api/v1/search?namespace=" + lab.namespace).then().statusCode(200).body("items.size()", equalTo(0));
            auth(caller).head("/api/v1/blobs/" + Bytes.sha256(weights)).then().statusCode(404);
            auth(caller).get("/api/v1/blobs/" + Bytes.sha256(weights)).then().statusCode(404).body("code", equalTo("blob_not_found"));
            auth(caller).get("/api/v1/models/" + model).then().statusCode(404).body("code", equalTo("model_not_found"));
            auth(caller).get("/models/" + model).then().statusCode(404);
        }
        String home = given().get("/?q=" + secret).then().statusCode(200).extract().asString();
        assertThat(home).doesNotContain(model); // the query itself is echoed in the search box

        auth(member).get("/api/v1/models?namespace=" + lab.namespace).then().statusCode(200).body("items.name", hasItem(secret));
        auth(member).get("/api/v1/search?q=" + secret).then().statusCode(200).body("items.name", hasItem(secret));
        auth(member).head("/api/v1/blobs/" + Bytes.sha256(weights)).then().statusCode(200);
        auth(member).get("/api/v1/models/" + model).then().statusCode(200).body("visibility", equalTo("restricted"));

        // Public again: everyone sees it, and nothing else had to change.
        given().header("Authorization", owner).contentType(ContentType.JSON).body(Map.of("visibility", "public"))
                .patch("/api/v1/models/" + model).then().statusCode(200);
        given().get("/api/v1/search?q=" + secret).then().statusCode(200).body("items.name", hasItem(secret));
        given().head("/api/v1/blobs/" + Bytes.sha256(weights)).then().statusCode(200);
    }

    @Test
    void aRestrictedBaseModelIsNotLinkedFromAPublicCard() {
        Lab lab = Lab.create("lin");
        String base = Deposits.uniqueName("base");
        String baseModel = lab.namespace + "/" + base;
        Deposits.createModel(lab.namespace, base).statusCode(201);
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body(Map.of("visibility", "restricted"))
                .patch("/api/v1/models/" + baseModel).then().statusCode(200);
        String child = Deposits.uniqueName("child");
        String childModel = lab.namespace + "/" + child;
        Deposits.createModel(lab.namespace, child).statusCode(201);
        Deposits.createVersion(childModel, "1.0").statusCode(201);
        Deposits.putFile(childModel, "1.0", "README.md", ("---\nbase_model: " + baseModel + "\n---\n# Child\n").getBytes())
                .statusCode(201);
        Deposits.publish(childModel, "1.0").statusCode(200)
                .body("derivedFrom[0].ref", equalTo(baseModel))
                .body("derivedFrom[0].pid", equalTo(null));
    }

    private static io.restassured.specification.RequestSpecification auth(String token) {
        return token == null ? given() : given().header("Authorization", token);
    }
}
