package org.stele.api.pid;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.stele.support.Deposits.AUTH;
import static org.stele.support.Deposits.createModel;
import static org.stele.support.Deposits.createVersion;
import static org.stele.support.Deposits.publish;
import static org.stele.support.Deposits.putFile;
import static org.stele.support.Deposits.uniqueName;
import static org.stele.support.Deposits.version;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stele.support.Bytes;
import org.stele.support.Deposits;

/** Every identifier answers in the representation asked for, by Accept or ?format=. */
@QuarkusTest
class ContentNegotiationTest {
    static final Map<String, String> FORMATS = Map.of(
            "datacite-xml", "application/vnd.datacite.datacite+xml",
            "datacite-json", "application/vnd.datacite.datacite+json",
            "csl", "application/vnd.citationstyles.csl+json",
            "bibtex", "application/x-bibtex",
            "ris", "application/x-research-info-systems",
            "citation", "text/x-bibliography",
            "schemaorg", "application/ld+json",
            "cff", "application/x-cff");

    static String pidOf(String model, String label) {
        return version(model, label).extract().path("pid");
    }

    @Test
    void eachFormatByAcceptAndByQuery() {
        String m = Deposits.published("1.0.0", Map.of("model.safetensors", Bytes.random(100, 50)));
        String pid = pidOf(m, "1.0.0");
        String suffix = pid.substring(pid.indexOf('/') + 1);
        FORMATS.forEach((format, type) -> {
            String byAccept = given().accept(type).get("/pid/" + pid).then().statusCode(200)
                    .contentType(startsWith(type))
                    .header("Content-Disposition", containsString(suffix + "."))
                    .header("Vary", containsString("Accept"))
                    .extract().asString();
            String byQuery = given().get("/pid/" + pid + "?format=" + format).then().statusCode(200)
                    .contentType(startsWith(type)).extract().asString();
            assertThat(byQuery).as(format).isEqualTo(byAccept).contains("1.0.0");
        });
        given().accept("application/vnd.schemaorg.ld+json").get("/pid/" + pid).then().statusCode(200)
                .contentType(startsWith("application/ld+json"));
        given().accept("application/json").get("/pid/" + pid).then().statusCode(200).body("pid", equalTo(pid));
        given().accept("text/html").get("/pid/" + pid).then().statusCode(200).contentType(startsWith("text/html"))
                .header("Content-Security-Policy", containsString("script-src 'self'"));
    }

    @Test
    void qualityValuesAndDefaultsAreHonoured() {
        String m = Deposits.published("1", Map.of("w.bin", Bytes.random(10, 51)));
        String pid = pidOf(m, "1");
        given().accept("application/x-bibtex;q=0.5, application/vnd.citationstyles.csl+json").get("/pid/" + pid)
                .then().statusCode(200).contentType(startsWith("application/vnd.citationstyles.csl+json"));
        given().accept("text/html;q=0.1, application/x-research-info-systems;q=0.9").get("/pid/" + pid)
                .then().statusCode(200).contentType(startsWith("application/x-research-info-systems"));
        given().accept("application/pdf, */*;q=0.1").get("/pid/" + pid).then().statusCode(200).contentType(startsWith("text/html"));
        given().accept("*/*").get("/pid/" + pid).then().statusCode(200).contentType(startsWith("text/html"));
        // The API surface stays JSON for */*, and serves the same formats when asked.
        given().accept("*/*").get("/api/v1/models/" + m + "/versions/1").then().statusCode(200).contentType(ContentType.JSON);
        given().accept("application/x-bibtex").get("/api/v1/models/" + m + "/versions/1").then().statusCode(200)
                .contentType(startsWith("application/x-bibtex"));
        given().accept("text/x-bibliography; style=ieee").get("/pid/" + pid).then().statusCode(200)
                .contentType(startsWith("text/x-bibliography"));
    }

    @Test
    void unsupportedTypesAndStylesAre406WithTheList() {
        String m = Deposits.published("1", Map.of("w.bin", Bytes.random(10, 52)));
        String pid = pidOf(m, "1");
        given().accept("application/pdf").get("/pid/" + pid).then().statusCode(406)
                .contentType("application/problem+json").body("code", equalTo("not_acceptable"))
                .body("detail", containsString("application/x-bibtex"));
        given().get("/pid/" + pid + "?format=docx").then().statusCode(406).body("code", equalTo("not_acceptable"));
        given().get("/pid/" + pid + "?format=citation&style=vancouver-klingon").then().statusCode(406)
                .body("code", equalTo("unsupported_style")).body("detail", containsString("chicago-author-date"));
    }

    @Test
    void signpostingLinksPointAtCitationMetadataAndFiles() {
        String m = Deposits.published("1", Map.of("dir/w.bin", Bytes.random(10, 53)));
        String pid = pidOf(m, "1");
        String links = given().accept("text/html").get("/pid/" + pid).then().statusCode(200).extract().header("Link");
        assertThat(links).contains("/pid/" + pid + ">; rel=\"cite-as\"")
                .contains("?format=datacite-xml>; rel=\"describedby\"; type=\"application/vnd.datacite.datacite+xml\"")
                .contains("/api/v1/models/" + m + "/versions/1/files/dir/w.bin>; rel=\"item\"")
                .contains("rel=\"type\"");
    }

    @Test
    void withdrawnVersionsKeepTheirMetadataInEveryFormat() {
        String m = Deposits.published("1", Map.of("w.bin", Bytes.random(10, 54)));
        String pid = pidOf(m, "1");
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("reason", "Unsafe outputs"))
                .post("/api/v1/models/" + m + "/versions/1/withdraw").then().statusCode(200);
        given().accept("application/json").get("/pid/" + pid).then().statusCode(410).body("reason", equalTo("Unsafe outputs"));
        String page = given().accept("text/html").get("/pid/" + pid).then().statusCode(410).contentType(startsWith("text/html"))
                .extract().asString();
        assertThat(page).contains("Unsafe outputs").contains(pid).doesNotContain("/files/w.bin");
        for (String format : FORMATS.keySet()) {
            given().get("/pid/" + pid + "?format=" + format).then().statusCode(200).body(containsString("ithdrawn"));
        }
        assertThat(given().get("/pid/" + pid).then().extract().header("Link")).doesNotContain("rel=\"item\"");
    }

    @Test
    void pagesForReservedConceptAndModel() {
        String name = uniqueName("pages");
        String conceptPid = createModel("lab", name).statusCode(201).extract().path("conceptPid");
        String m = "lab/" + name;
        String pid = createVersion(m, "1").statusCode(201).extract().path("pid");
        given().accept("text/html").get("/pid/" + pid).then().statusCode(404).contentType(startsWith("text/html"))
                .body(containsString("reserved"));
        given().accept("text/html").get("/models/" + m).then().statusCode(200).body(containsString("No version of this model is published yet"));
        putFile(m, "1", "w.bin", Bytes.random(10, 55)).statusCode(201);
        publish(m, "1").statusCode(200);
        given().accept("text/html").get("/pid/" + conceptPid).then().statusCode(200)
                .body(containsString("A model called " + name)).body(containsString("/pid/" + pid));
        given().get("/models/" + m).then().statusCode(200).body(containsString("/pid/" + pid));
        given().get("/").then().statusCode(200).contentType(startsWith("text/html")).body(containsString("/pid/" + pid));
        given().queryParam("q", name.toUpperCase()).get("/").then().statusCode(200).body(containsString("/models/" + m));
        given().queryParam("q", "no-such-model-" + name).get("/").then().statusCode(200).body(not(containsString("/models/" + m)));
        given().get("/models/lab/no-such-" + name).then().statusCode(404).contentType(startsWith("text/html"));
    }
}
