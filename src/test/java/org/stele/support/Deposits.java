package org.stele.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Deposit steps through the HTTP API, as a pipeline would take them. */
public final class Deposits {
    public static final String AUTH = "Bearer " + TestDatabase.ADMIN_TOKEN;
    private static final AtomicInteger NAMES = new AtomicInteger();

    private Deposits() {
    }

    /** A fresh model name, so tests never collide. */
    public static String uniqueName(String stem) {
        return stem + "-" + System.nanoTime() % 1_000_000 + "-" + NAMES.incrementAndGet();
    }

    public static ValidatableResponse createModel(String namespace, String name) {
        return given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body(Map.of("namespace", namespace, "name", name, "title", "A model called " + name,
                        "description", "Test model", "license", "apache-2.0", "keywords", List.of("test"),
                        "authors", List.of(Map.of("name", "Ada Lovelace", "orcid", "0000-0002-1825-0097"))))
                .post("/api/v1/models").then();
    }

    /** A fresh model of {@code namespace}, created by the admin, restricted or public; answers {@code namespace/name}. */
    public static String model(String namespace, String stem, boolean restricted) {
        String name = uniqueName(stem);
        createModel(namespace, name).statusCode(201);
        String model = namespace + "/" + name;
        if (restricted) {
            given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("visibility", "restricted"))
                    .patch("/api/v1/models/" + model).then().statusCode(200);
        }
        return model;
    }

    public static ValidatableResponse createVersion(String model, String label) {
        return given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("version", label))
                .post("/api/v1/models/" + model + "/versions").then();
    }

    public static ValidatableResponse putFile(String model, String label, String path, byte[] bytes) {
        return given().header("Authorization", AUTH).contentType("application/octet-stream").body(bytes)
                .put("/api/v1/models/" + model + "/versions/" + label + "/files/" + path).then();
    }

    public static ValidatableResponse publish(String model, String label) {
        return given().header("Authorization", AUTH).post("/api/v1/models/" + model + "/versions/" + label + "/publish").then();
    }

    public static ValidatableResponse version(String model, String label) {
        return given().header("Authorization", AUTH).get("/api/v1/models/" + model + "/versions/" + label).then();
    }

    /** A model with one published version holding the given files; answers "ns/name". */
    public static String published(String label, Map<String, byte[]> files) {
        String name = uniqueName("m");
        createModel("lab", name).statusCode(201);
        String model = "lab/" + name;
        createVersion(model, label).statusCode(201);
        files.forEach((path, bytes) -> putFile(model, label, path, bytes).statusCode(201));
        publish(model, label).statusCode(200);
        return model;
    }
}
