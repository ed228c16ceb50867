package org.stele.api.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stele.support.Bytes;
import org.stele.support.Deposits;
import org.stele.support.Lab;

/** Every change lands in the audit trail with actor, token name, target and client address; the API has no way to change it. */
@QuarkusTest
class AuditApiTest {

    @Test
    void eachChangeIsRecordedInOrder() {
        Lab lab = Lab.create("aud");
        String maintainer = Lab.token(lab.maintainer, List.of("read", "write", "publish"));
        String owner = Lab.token(lab.owner, List.of("read", "write", "publish"));
        String name = Deposits.uniqueName("m");
        String model = lab.namespace + "/" + name;
        given().header("Authorization", maintainer).contentType(ContentType.JSON)
                .body(Map.of("namespace", lab.namespace, "name", name, "title", "T", "license", "mit"))
                .post("/api/v1/models").then().statusCode(201);
        given().header("Authorization", maintainer).contentType(ContentType.JSON).body(Map.of("version", "1"))
                .post("/api/v1/models/" + model + "/versions").then().statusCode(201);
        for (String path : List.of("a.bin", "b.bin")) {
            given().header("Authorization", maintainer).contentType("application/octet-stream").body(Bytes.random(10, path.hashCode()))
                    .put("/api/v1/models/" + model + "/versions/1/files/" + path).then().statusCode(201);
        }
        given().header("Authorization", maintainer).delete("/api/v1/models/" + model + "/versions/1/files/b.bin").then().statusCode(204);
        given().header("Authorization", maintainer).post("/api/v1/models/" + model + "/versions/1/publish").then().statusCode(200);
        given().header("Authorization", owner).contentType(ContentType.JSON).body(Map.of("version", "1"))
                .put("/api/v1/models/" + model + "/aliases/stable").then().statusCode(200);
        given().header("Authorization", owner).contentType(ContentType.JSON).body(Map.of("visibility", "restricted"))
                .patch("/api/v1/models/" + model).then().statusCode(200);
        given().header("Authorization", owner).contentType(ContentType.JSON).body(Map.of("reason", "wrong data"))
                .post("/api/v1/models/" + model + "/versions/1/withdrawal-request").then().statusCode(202);
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body(Map.of("reason", "wrong data"))
                .post("/api/v1/models/" + model + "/versions/1/withdraw").then().statusCode(200);
        given().header("Authorization", owner).delete("/api/v1/namespaces/" + lab.namespace + "/members/" + lab.reader).then().statusCode(204);

        JsonPath events = given().header("Authorization", owner).get("/api/v1/audit?namespace=" + lab.namespace + "&limit=500")
                .then().statusCode(200).extract().jsonPath();
        assertThat(events.getList("items.action", String.class)).containsSubsequence(
                "namespace.created", "member.added", "member.added", "member.added",
                "model.created", "version.created", "file.added", "file.added", "file.removed", "version.published",
                "alias.moved", "visibility.changed", "withdrawal.requested", "version.withdrawn", "member.removed");
        Map<String, Object> published = events.getMap("items.find { it.action == 'version.published' }");
        assertThat(published).containsEntry("actor", lab.maintainer).containsEntry("tokenName", "token of " + lab.maintainer)
                .containsEntry("target", model + "@1").containsEntry("namespace", lab.namespace);
        assertThat(published.get("clientAddress")).isNotNull();
        assertThat(published.get("at")).isNotNull();
        assertThat(events.getString("items.find { it.action == 'version.withdrawn' }.actor")).isEqualTo("admin");
        assertThat(events.getString("items.find { it.action == 'version.withdrawn' }.details.reason")).isEqualTo("wrong data");

        // Paging: one event at a time walks the same list.
        String cursor = given().header("Authorization", owner).get("/api/v1/audit?namespace=" + lab.namespace + "&limit=1")
                .then().statusCode(200).body("items.size()", equalTo(1)).body("nextCursor", notNullValue()).extract().path("nextCursor");
        given().header("Authorization", owner).get("/api/v1/audit?namespace=" + lab.namespace + "&limit=1&cursor=" + cursor)
                .then().statusCode(200).body("items[0].action", equalTo(events.getString("items[1].action")));
    }

    @Test
    void tokensAndFailedAuthenticationsAreRecordedAndTheTrailCannotBeChangedOverHttp() {
        Lab lab = Lab.create("aud2");
        String token = Lab.token(lab.maintainer, List.of("read"));
        String id = Lab.idOf(token, "token of " + lab.maintainer);
        given().header("Authorization", token).delete("/api/v1/tokens/" + id).then().statusCode(204);
        given().header("Authorization", token).get("/api/v1/tokens").then().statusCode(401);

        JsonPath events = given().header("Authorization", Deposits.AUTH).get("/api/v1/audit?target=token:" + id)
                .then().statusCode(200).extract().jsonPath();
        assertThat(events.getList("items.action", String.class)).containsExactly("token.created", "token.revoked");
        assertThat(events.getString("items[0].details.user")).isEqualTo(lab.maintainer);
        String since = events.getString("items[1].at");
        JsonPath failures = given().header("Authorization", Deposits.AUTH).get("/api/v1/audit?target=token&since=" + since + "&limit=500")
                .then().statusCode(200).extract().jsonPath();
        assertThat(failures.getList("items.details.reason", String.class)).contains("token " + id + " was revoked");
        assertThat(failures.getString("items.find { it.action == 'auth.failed' }.clientAddress")).isNotNull();

        for (String method : List.of("PUT", "PATCH", "DELETE", "POST")) {
            given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body("{}").request(method, "/api/v1/audit")
                    .then().statusCode(405);
        }
    }
}
