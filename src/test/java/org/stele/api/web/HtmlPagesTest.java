package org.stele.api.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.stele.support.Deposits.AUTH;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.stele.support.Bytes;
import org.stele.support.Deposits;

/**
 * Every HTML answer carries the page security headers, whichever route wrote it and whatever its status: the routes
 * are the ones the served API document says answer HTML, so a new page is checked without touching this test.
 */
@QuarkusTest
class HtmlPagesTest {
    private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Test
    void everyHtmlRouteSendsTheContentSecurityPolicy() {
        String model = Deposits.published("1.0.0", Map.of("README.md", "# Card\n\n<script>alert(1)</script>\n".getBytes()));
        Deposits.createVersion(model, "2.0.0").statusCode(201);
        Deposits.putFile(model, "2.0.0", "w.bin", Bytes.random(10, 301)).statusCode(201);
        Deposits.publish(model, "2.0.0").statusCode(200);
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("reason", "Superseded"))
                .post("/api/v1/models/" + model + "/versions/2.0.0/withdraw").then().statusCode(200);
        String[] parts = model.split("/");
        String pid = Deposits.version(model, "1.0.0").extract().path("pid");
        String withdrawnPid = Deposits.version(model, "2.0.0").extract().path("pid");

        List<String> routes = htmlRoutes();
        assertThat(routes).as("the HTML routes of the API document")
                .contains("/", "/models/{namespace}/{name}", "/pid/{prefix}/{suffix}");
        List<String> urls = new ArrayList<>();
        for (String route : routes) {
            // Each route as it answers a page, a missing page and (where a version is named) a withdrawn one.
            urls.add(fill(route, parts[0], parts[1], "1.0.0", pid));
            urls.add(fill(route, parts[0], "no-such-model", "9.9.9", pid.substring(0, pid.indexOf('/')) + "/0000-0000-0000-00"));
            urls.add(fill(route, parts[0], parts[1], "2.0.0", withdrawnPid));
        }
        urls.add("/?q=" + parts[1]);
        for (String url : new TreeSet<>(urls)) {
            Response answer = given().accept("text/html").get(url);
            assertThat(answer.contentType()).as(url + " (" + answer.statusCode() + ")").startsWith("text/html");
            assertSecured(url, answer);
        }
        // An answer no resource wrote: if it is HTML, it carries the headers too.
        Response unrouted = given().accept("text/html").get("/no-such-page");
        if (unrouted.contentType() != null && unrouted.contentType().startsWith("text/html")) {
            assertSecured("/no-such-page", unrouted);
        }
    }

    @Test
    void answersThatAreNotHtmlCarryNoPagePolicy() {
        given().get("/api/v1/blobs/sha256:" + "a".repeat(64)).then().statusCode(404).contentType("application/problem+json")
                .header("Content-Security-Policy", org.hamcrest.Matchers.nullValue());
    }

    private static void assertSecured(String url, Response answer) {
        assertThat(answer.header("Content-Security-Policy")).as(url + " (" + answer.statusCode() + ")").isEqualTo(POLICY);
        assertThat(answer.header("X-Content-Type-Options")).as(url).isEqualTo("nosniff");
        assertThat(answer.header("Referrer-Policy")).as(url).isEqualTo("no-referrer");
    }

    /** The paths the served API document says answer a GET with HTML. */
    private static List<String> htmlRoutes() {
        Map<String, Map<String, Object>> paths = given().accept("application/json").get("/q/openapi?format=json")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        List<String> routes = new ArrayList<>();
        paths.forEach((path, operations) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> get = (Map<String, Object>) operations.get("get");
            if (get != null && get.get("responses").toString().contains("text/html")) {
                routes.add(path);
            }
        });
        return routes;
    }

    private static String fill(String route, String namespace, String name, String version, String pid) {
        return route.replace("{namespace}", namespace).replace("{name}", name).replace("{version}", version)
                .replace("{prefix}/{suffix}", pid);
    }
}
