package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.stele.support.Deposits.createModel;
import static org.stele.support.Deposits.createVersion;
import static org.stele.support.Deposits.publish;
import static org.stele.support.Deposits.putFile;
import static org.stele.support.Deposits.uniqueName;
import static org.stele.support.Deposits.version;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** base_model in cards links versions of this archive both ways; unknown bases stay external references. */
@QuarkusTest
class LineageApiTest {

    private static String model(String stem) {
        String name = uniqueName(stem);
        createModel("lab", name).statusCode(201);
        return "lab/" + name;
    }

    private static String publishWithCard(String model, String label, String frontMatter) {
        createVersion(model, label).statusCode(201);
        putFile(model, label, "README.md", ("---\n" + frontMatter + "---\n# Card\n").getBytes(StandardCharsets.UTF_8)).statusCode(201);
        return publish(model, label).statusCode(200).extract().path("pid");
    }

    @Test
    void baseModelsInTheArchiveLinkBothWaysAndOthersStayExternal() {
        String base = model("base");
        String basePid = publishWithCard(base, "1.0", "license: mit\n");
        String conceptPid = version(base, "1.0").extract().path("conceptPid");
        String other = model("other");
        String otherPid = publishWithCard(other, "2.0", "license: mit\n");

        String derived = model("derived");
        String derivedPid = publishWithCard(derived, "1.0", "base_model:\n  - " + base + "@1.0\n  - https://doi.org/" + otherPid
                + "\n  - someorg/not-here\n  - 10.5072/zzzz-zz00\nbase_model_relation: finetune\ntags: [tiny]\n");
        String fineTunedOfModel = model("tuned");
        String tunedPid = publishWithCard(fineTunedOfModel, "1.0", "base_model: " + base + "\n");

        version(derived, "1.0").statusCode(200)
                .body("derivedFrom", hasSize(4))
                .body("derivedFrom[0].pid", equalTo(basePid))
                .body("derivedFrom[0].version", equalTo("1.0"))
                .body("derivedFrom[0].relation", equalTo("finetune"))
                .body("derivedFrom[1].pid", equalTo(otherPid))
                .body("derivedFrom[2].pid", nullValue())
                .body("derivedFrom[2].url", equalTo("https://huggingface.co/someorg/not-here"))
                .body("derivedFrom[3].url", equalTo("https://doi.org/10.5072/zzzz-zz00"));
        version(fineTunedOfModel, "1.0").statusCode(200).body("derivedFrom[0].pid", equalTo(conceptPid));

        version(base, "1.0").statusCode(200)
                .body("derivatives.pid", contains(derivedPid, tunedPid))
                .body("derivedFrom", nullValue());
        version(other, "2.0").statusCode(200).body("derivatives.pid", contains(derivedPid));

        String xml = given().get("/pid/" + derivedPid + "?format=datacite-xml").then().statusCode(200).extract().asString();
        // Identifiers of the archive that are no registered DOIs are related by their resolver URL.
        assertThat(xml).containsPattern("<relatedIdentifier relatedIdentifierType=\"URL\" relationType=\"IsDerivedFrom\">https?://[^<]+/pid/"
                        + java.util.regex.Pattern.quote(basePid) + "<")
                .contains("relatedIdentifierType=\"URL\" relationType=\"IsDerivedFrom\">https://huggingface.co/someorg/not-here")
                .contains("<subject>tiny</subject>");
        String baseXml = given().get("/pid/" + basePid + "?format=datacite-xml").then().statusCode(200).extract().asString();
        assertThat(baseXml).containsPattern("relationType=\"IsSourceOf\">https?://[^<]+/pid/" + java.util.regex.Pattern.quote(derivedPid) + "<");

        String html = given().accept(ContentType.HTML).get("/pid/" + derivedPid).then().statusCode(200).extract().asString();
        assertThat(html).contains("href=\"/pid/" + basePid + "\"").contains("someorg/not-here</a> (external)");
        assertThat(given().accept(ContentType.HTML).get("/pid/" + basePid).then().statusCode(200).extract().asString())
                .contains("id=\"derivatives\"").contains("/pid/" + derivedPid);
    }

    @Test
    void draftsAreNotListedAsDerivatives() {
        String base = model("base");
        String basePid = publishWithCard(base, "1.0", "license: mit\n");
        String draft = model("draft");
        createVersion(draft, "0.1").statusCode(201);
        putFile(draft, "0.1", "README.md", ("---\nbase_model: " + basePid + "\n---\n").getBytes(StandardCharsets.UTF_8)).statusCode(201);
        version(draft, "0.1").statusCode(200).body("derivedFrom[0].pid", equalTo(basePid));
        version(base, "1.0").statusCode(200).body("derivatives", nullValue());
    }
}
