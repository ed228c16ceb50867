package org.stele.api.hf;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stele.support.Deposits;
import org.stele.support.Lab;

/**
 * {@code GET /hf/api/models}: by author and search, in pages linked by the Hub's {@code Link} header, sorted; models
 * with no released version are no repos; restricted ones only for their members, flagged {@code private}.
 */
@QuarkusTest
class HfModelListTest {

    @Test
    void listsByAuthorInLinkedPagesAndHidesWhatTheCallerMayNotSee() {
        String ns = Deposits.uniqueName("list");
        Lab.createNamespace(ns);
        List<String> released = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            released.add(release(Deposits.model(ns, "pub", false)));
        }
        String hidden = release(Deposits.model(ns, "restricted", true));
        Deposits.model(ns, "draft-only", false); // no version: no repo

        List<String> seen = new ArrayList<>();
        String next = "/hf/api/models?author=" + ns + "&limit=2&sort=id&direction=1";
        int pages = 0;
        while (next != null) {
            Response page = given().urlEncodingEnabled(false).get(next);
            page.then().statusCode(200);
            seen.addAll(page.jsonPath().getList("id"));
            String link = page.header("Link");
            next = link == null ? null : URI.create(link.substring(1, link.indexOf('>'))).getRawPath() + "?" + URI.create(link.substring(1, link.indexOf('>'))).getRawQuery();
            pages++;
        }
        assertThat(pages).isEqualTo(2);
        assertThat(seen).isEqualTo(released.stream().sorted(String.CASE_INSENSITIVE_ORDER).toList());

        given().header("Authorization", Deposits.AUTH).get("/hf/api/models?author=" + ns + "&search=restricted").then().statusCode(200)
                .body("id", equalTo(List.of(hidden))).body("[0].private", equalTo(true)).body("[0].tags", org.hamcrest.Matchers.hasItem("test"));
        given().get("/hf/api/models?search=" + hidden.substring(ns.length() + 1)).then().statusCode(200).body("id", equalTo(List.of()));
        given().get("/hf/api/models?limit=0").then().statusCode(400).header("X-Error-Code", "InvalidLimit");
    }

    private static String release(String model) {
        Deposits.createVersion(model, "1").statusCode(201);
        Deposits.putFile(model, "1", "config.json", "{}".getBytes()).statusCode(201);
        Deposits.publish(model, "1").statusCode(200);
        return model;
    }
}
