package org.stele.api.pid;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.stele.support.Deposits.AUTH;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stele.archive.citation.Citations;
import org.stele.support.Bytes;
import org.stele.support.Deposits;

/**
 * With no DOI registered at DataCite (the default: registration off), nothing the resolver answers presents an
 * identifier as a resolvable DOI: every format, by Accept and by ?format=, every citation style, the JSON record, the
 * landing, concept, tombstone, model and search pages, and the Signposting links give the archive's resolver instead.
 */
@QuarkusTest
class UnregisteredIdentifiersTest {

    @Test
    void noAnswerPresentsAnIdentifierAsADoi() {
        String model = Deposits.published("1.0", Map.of("w.bin", Bytes.random(64, 901)));
        Deposits.createVersion(model, "2.0").statusCode(201);
        Deposits.putFile(model, "2.0", "w.bin", Bytes.random(64, 902)).statusCode(201);
        Deposits.publish(model, "2.0").statusCode(200);
        Deposits.createVersion(model, "3.0").statusCode(201);
        Deposits.putFile(model, "3.0", "w.bin", Bytes.random(64, 903)).statusCode(201);
        Deposits.publish(model, "3.0").statusCode(200);
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("reason", "Superseded"))
                .post("/api/v1/models/" + model + "/versions/3.0/withdraw").then().statusCode(200);
        String first = ContentNegotiationTest.pidOf(model, "1.0");
        String second = ContentNegotiationTest.pidOf(model, "2.0");
        String withdrawn = ContentNegotiationTest.pidOf(model, "3.0");
        String concept = Deposits.version(model, "1.0").extract().path("conceptPid");

        for (String pid : List.of(first, second, withdrawn, concept)) {
            ContentNegotiationTest.FORMATS.forEach((format, type) -> {
                String byAccept = given().accept(type).get("/pid/" + pid).then().statusCode(200).extract().asString();
                String byQuery = given().get("/pid/" + pid + "?format=" + format).then().statusCode(200).extract().asString();
                for (String body : List.of(byAccept, byQuery)) {
                    assertThat(body).as(format + " of " + pid).doesNotContain("doi.org").contains("/pid/" + pid);
                }
            });
            for (String style : Citations.styles()) {
                assertThat(given().get("/pid/" + pid + "?format=citation&style=" + style).then().statusCode(200).extract().asString())
                        .as(style + " of " + pid).doesNotContainIgnoringCase("doi").contains("/pid/" + pid);
            }
            assertThat(given().get("/pid/" + pid + "?format=bibtex").asString()).doesNotContain("doi =");
            assertThat(given().get("/pid/" + pid + "?format=ris").asString()).doesNotContain("DO  - ");
            assertThat(given().get("/pid/" + pid + "?format=csl").asString()).doesNotContain("\"DOI\"");
            assertThat(given().get("/pid/" + pid + "?format=cff").asString()).doesNotContain("\ndoi:").doesNotContain("\"doi\"");
            assertThat(given().get("/pid/" + pid + "?format=datacite-xml").asString())
                    .contains("<identifier identifierType=\"URL\">").doesNotContain("relatedIdentifierType=\"DOI\"");
            assertThat(given().get("/pid/" + pid + "?format=datacite-json").asString()).doesNotContain("\"doi\"")
                    .doesNotContain("\"DOI\"");

            Response json = given().accept("application/json").get("/pid/" + pid);
            assertThat(json.asString()).as("record of " + pid).doesNotContain("doi.org");
            Response page = given().accept("text/html").get("/pid/" + pid);
            assertThat(page.statusCode()).isEqualTo(pid.equals(withdrawn) ? 410 : 200);
            assertThat(page.asString()).as("page of " + pid).doesNotContain("doi.org").doesNotContain("citation_doi")
                    .containsPattern("id=\"pid\" href=\"https?://[^\"]+/pid/" + java.util.regex.Pattern.quote(pid) + "\"")
                    .contains("Identifiers resolve forever, through this archive's resolver");
            assertThat(page.header("Link")).as("Signposting of " + pid).doesNotContain("doi.org")
                    .containsPattern("<https?://[^>]+/pid/" + java.util.regex.Pattern.quote(pid) + ">; rel=\"cite-as\"");
        }
        assertThat(given().get("/models/" + model).asString()).doesNotContain("doi.org");
        assertThat(given().queryParam("q", model.substring(model.indexOf('/') + 1)).get("/").asString()).doesNotContain("doi.org")
                .contains("/pid/" + second);
        assertThat(given().get("/hf/api/models/" + model).then().statusCode(200).extract().asString()).doesNotContain("\"doi\"");
    }
}
