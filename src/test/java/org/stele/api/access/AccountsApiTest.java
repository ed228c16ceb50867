package org.stele.api.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stele.store.BlobStore;
import org.stele.support.ArchiveState;
import org.stele.support.Bytes;
import org.stele.support.Deposits;
import org.stele.support.Lab;

/** A user's own account, a namespace that always keeps an owner, and owner and admin powers that need their scopes. */
@QuarkusTest
class AccountsApiTest {
    private static final List<String> ALL = List.of("read", "write", "publish");

    @Inject
    BlobStore store;

    @Test
    void aUserSeesHimselfWithHisNamespacesAndOnlyAdminsSeeOthers() {
        Lab lab = Lab.create("whoami");
        String maintainer = Lab.token(lab.maintainer, List.of("read"));
        given().header("Authorization", maintainer).get("/api/v1/users/" + lab.maintainer).then().statusCode(200)
                .body("username", equalTo(lab.maintainer)).body("admin", equalTo(false))
                .body("namespaces.find { it.namespace == '" + lab.namespace + "' }.role", equalTo("maintainer"))
                .body("namespaces.find { it.namespace == '" + lab.maintainer + "' }.role", equalTo("owner"));
        given().header("Authorization", Deposits.AUTH).get("/api/v1/users/" + lab.maintainer).then().statusCode(200)
                .body("namespaces.size()", equalTo(2));
        // Anyone else is told there is no such user: usernames are not listed to outsiders.
        given().header("Authorization", Lab.token(lab.owner, ALL)).get("/api/v1/users/" + lab.maintainer).then().statusCode(404)
                .body("code", equalTo("user_not_found"));
        given().header("Authorization", maintainer).get("/api/v1/users/nobody-" + lab.namespace).then().statusCode(404);
        given().get("/api/v1/users/" + lab.maintainer).then().statusCode(401).body("code", equalTo("unauthenticated"));
    }

    @Test
    void aNamespaceAlwaysKeepsAnOwner() throws Exception {
        Lab lab = Lab.create("owners");
        String owner = Lab.token(lab.owner, ALL);
        String members = "/api/v1/namespaces/" + lab.namespace + "/members/";

        ArchiveState before = ArchiveState.of(store);
        given().header("Authorization", owner).delete(members + lab.owner).then().statusCode(409).body("code", equalTo("last_owner"));
        given().header("Authorization", Deposits.AUTH).delete(members + lab.owner).then().statusCode(409);
        given().header("Authorization", owner).contentType(ContentType.JSON).body(Map.of("role", "maintainer"))
                .put(members + lab.owner).then().statusCode(409).body("code", equalTo("last_owner"));
        // A personal namespace too: its user cannot walk out of it.
        given().header("Authorization", Deposits.AUTH).delete("/api/v1/namespaces/" + lab.reader + "/members/" + lab.reader)
                .then().statusCode(409).body("code", equalTo("last_owner"));
        assertThat(ArchiveState.of(store)).isEqualTo(before);

        given().header("Authorization", owner).contentType(ContentType.JSON).body(Map.of("role", "owner"))
                .put(members + lab.maintainer).then().statusCode(200);
        given().header("Authorization", owner).contentType(ContentType.JSON).body(Map.of("role", "maintainer"))
                .put(members + lab.owner).then().statusCode(200);
        given().header("Authorization", Deposits.AUTH).get("/api/v1/namespaces/" + lab.namespace).then().statusCode(200)
                .body("members.find { it.username == '" + lab.maintainer + "' }.role", equalTo("owner"))
                .body("members.find { it.username == '" + lab.owner + "' }.role", equalTo("maintainer"));
    }

    @Test
    void ownerAndAdminPowersNeedTheirScopes() throws Exception {
        Lab lab = Lab.create("scopes");
        String model = lab.namespace + "/m";
        Deposits.createModel(lab.namespace, "m").statusCode(201);
        Deposits.createVersion(model, "1").statusCode(201);
        Deposits.putFile(model, "1", "w.bin", Bytes.random(64, 31)).statusCode(201);
        Deposits.publish(model, "1").statusCode(200);
        String ownerWithoutPublish = Lab.token(lab.owner, List.of("read", "write"));
        String ownerWithoutWrite = Lab.token(lab.owner, List.of("read", "publish"));
        String adminWithoutAdmin = given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON)
                .body(Map.of("name", "admin, day to day", "scopes", ALL)).post("/api/v1/tokens").then().statusCode(201)
                .extract().path("token");

        ArchiveState before = ArchiveState.of(store);
        given().header("Authorization", ownerWithoutPublish).contentType(ContentType.JSON).body(Map.of("version", "1"))
                .put("/api/v1/models/" + model + "/aliases/stable").then().statusCode(403).body("code", equalTo("insufficient_scope"));
        given().header("Authorization", ownerWithoutWrite).contentType(ContentType.JSON).body(Map.of("role", "reader"))
                .put("/api/v1/namespaces/" + lab.namespace + "/members/" + lab.outsider).then().statusCode(403)
                .body("code", equalTo("insufficient_scope"));
        given().header("Authorization", "Bearer " + adminWithoutAdmin).contentType(ContentType.JSON)
                .body(Map.of("username", Deposits.uniqueName("u"), "name", "U")).post("/api/v1/users").then().statusCode(403)
                .body("code", equalTo("insufficient_scope"));
        given().header("Authorization", "Bearer " + adminWithoutAdmin).contentType(ContentType.JSON).body(Map.of("reason", "x"))
                .post("/api/v1/models/" + model + "/versions/1/withdraw").then().statusCode(403).body("code", equalTo("insufficient_scope"));
        assertThat(ArchiveState.of(store)).isEqualTo(before);
    }
}
