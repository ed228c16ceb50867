package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
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

/** Training-data descriptors and card datasets in the record, the landing page and DataCite. */
@QuarkusTest
class DatasetsApiTest {
    private static final String SHA = "b".repeat(64);

    @Test
    void descriptorsAndCardDatasetsAreListedLinkedAndValidated() {
        String name = uniqueName("data");
        createModel("lab", name).statusCode(201);
        String m = "lab/" + name;
        createVersion(m, "1.0").statusCode(201);
        putFile(m, "1.0", "README.md", "---\ndatasets: [lab/tiny-corpus]\n---\n".getBytes(StandardCharsets.UTF_8)).statusCode(201);
        String datasheet = """
                {"name": "tiny-corpus", "description": "Sentences", "license": "CC-BY-4.0", "url": "https://data.example.org/tiny",
                 "identifiers": ["10.5281/zenodo.1234"], "files": [{"name": "corpus.txt", "sha256": "%s"}],
                 "personalData": {"present": false}, "consent": "n/a", "biases": "Few dialects"}""".formatted(SHA);
        putFile(m, "1.0", "datasheet.json", datasheet.getBytes(StandardCharsets.UTF_8)).statusCode(201)
                .body("kind", equalTo("data-descriptor")).body("warnings", hasSize(0));
        putFile(m, "1.0", "data/croissant.json", "{\"@type\": \"sc:Dataset\", \"name\": \"half\"}".getBytes(StandardCharsets.UTF_8))
                .statusCode(201).body("warnings", hasItem(startsWith("Croissant descriptor lacks")));

        String pid = publish(m, "1.0").statusCode(200).extract().path("pid");
        version(m, "1.0").statusCode(200)
                .body("datasets", hasSize(3))
                .body("datasets[0].path", equalTo("data/croissant.json"))
                .body("datasets[1].path", equalTo("datasheet.json"))
                .body("datasets[1].format", equalTo("datasheet"))
                .body("datasets[1].name", equalTo("tiny-corpus"))
                .body("datasets[1].files[0].sha256", equalTo(SHA))
                .body("datasets[1].personalData", equalTo("none"))
                .body("datasets[2].ref", equalTo("lab/tiny-corpus"))
                .body("datasets[2].url", equalTo("https://huggingface.co/datasets/lab/tiny-corpus"))
                .body("warnings.path", hasItem("data/croissant.json"));

        String xml = given().get("/pid/" + pid + "?format=datacite-xml").then().statusCode(200).extract().asString();
        assertThat(xml).contains("relatedIdentifierType=\"URL\" relationType=\"References\">https://data.example.org/tiny<")
                .contains("relatedIdentifierType=\"URL\" relationType=\"References\">https://huggingface.co/datasets/lab/tiny-corpus<")
                .contains("relatedIdentifierType=\"DOI\" relationType=\"References\">10.5281/zenodo.1234<");
        String html = given().accept(ContentType.HTML).get("/pid/" + pid).then().statusCode(200).extract().asString();
        assertThat(html).contains("id=\"datasets\"").contains("tiny-corpus").contains("Biases: Few dialects")
                .contains("href=\"https://huggingface.co/datasets/lab/tiny-corpus\"");
        given().get("/schemas/datasheet-1.0.schema.json").then().statusCode(200).body("title", equalTo("Stele datasheet 1.0"));
    }
}
