package org.stele.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lab set up over HTTP by the admin, as an operator would: a namespace with an owner, a maintainer and a reader,
 * a maintainer of another namespace, and tokens minted for each of them.
 */
public final class Lab {
    public final String namespace;
    public final String otherNamespace;
    public final String owner;
    public final String maintainer;
    public final String reader;
    public final String outsider;

    private Lab(String stem) {
        namespace = Deposits.uniqueName(stem);
        otherNamespace = Deposits.uniqueName(stem + "-other");
        owner = Deposits.uniqueName("owner");
        maintainer = Deposits.uniqueName("maint");
        reader = Deposits.uniqueName("reader");
        outsider = Deposits.uniqueName("outsider");
    }

    public static Lab create(String stem) {
        Lab lab = new Lab(stem);
        for (String user : List.of(lab.owner, lab.maintainer, lab.reader, lab.outsider)) {
            createUser(user);
        }
        createNamespace(lab.namespace);
        createNamespace(lab.otherNamespace);
        member(lab.namespace, lab.owner, "owner");
        member(lab.namespace, lab.maintainer, "maintainer");
        member(lab.namespace, lab.reader, "reader");
        member(lab.otherNamespace, lab.outsider, "maintainer");
        return lab;
    }

    public static void createUser(String username) {
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON)
                .body(Map.of("username", username, "name", "User " + username)).post("/api/v1/users").then().statusCode(201)
                .body("username", org.hamcrest.Matchers.equalTo(username)).body("admin", org.hamcrest.Matchers.equalTo(false))
                .body("createdAt", org.hamcrest.Matchers.notNullValue());
    }

    public static void createNamespace(String name) {
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON)
                .body(Map.of("name", name)).post("/api/v1/namespaces").then().statusCode(201);
    }

    public static void member(String namespace, String username, String role) {
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body(Map.of("role", role))
                .put("/api/v1/namespaces/" + namespace + "/members/" + username).then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    /** A token minted by the admin for {@code user}; answers "Bearer stele_…". */
    public static String token(String user, List<String> scopes) {
        return token(user, scopes, null, null);
    }

    public static String token(String user, List<String> scopes, List<String> namespaces, Instant expiresAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "token of " + user);
        body.put("scopes", scopes);
        body.put("user", user);
        if (namespaces != null) {
            body.put("namespaces", namespaces);
        }
        if (expiresAt != null) {
            body.put("expiresAt", expiresAt.toString());
        }
        return "Bearer " + given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body(body)
                .post("/api/v1/tokens").then().statusCode(201).extract().path("token");
    }

    /** The id of the token behind a "Bearer …" value, as its user lists it. */
    public static String idOf(String bearer, String name) {
        List<Map<String, Object>> items = given().header("Authorization", bearer).get("/api/v1/tokens").then().statusCode(200)
                .extract().path("items");
        return items.stream().filter(t -> name.equals(t.get("name"))).reduce((a, b) -> b).orElseThrow().get("id").toString();
    }
}
