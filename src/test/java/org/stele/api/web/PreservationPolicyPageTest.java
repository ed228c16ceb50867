package org.stele.api.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stele.support.Bytes;
import org.stele.support.Deposits;

/** The preservation policy is a server-rendered page without script, linked from the footer of every page. */
@QuarkusTest
class PreservationPolicyPageTest {

    @Test
    void thePolicyStatesWhatTheArchivePromises() {
        Response page = given().accept("text/html").get("/preservation-policy");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'").contains("default-src 'self'");
        String html = page.asString();
        assertThat(html).contains("<h1>Preservation policy</h1>")
                .contains("id=\"immutability\"", "id=\"fixity\"", "id=\"copies\"", "id=\"identifiers\"", "id=\"registration\"",
                        "id=\"withdrawal\"", "id=\"export\"")
                .contains("never change", "SHA-256", "never deleted and never", "tombstone", "court order", "BagIt")
                // Stated from this archive's configuration: the test profile schedules no fixity pass and has no replica store.
                .contains("scheduled passes are off on this archive").contains("configured no second, replica store")
                .containsPattern("<code>https?://[^<]+/pid/&#123;identifier&#125;</code>")
                .doesNotContain("<script").doesNotContain("{#").doesNotContain("{base}");
    }

    @Test
    void everyPageLinksThePolicyFromItsFooter() {
        String model = Deposits.published("1.0", Map.of("w.bin", Bytes.random(10, 921)));
        String pid = Deposits.version(model, "1.0").extract().path("pid");
        for (String url : List.of("/", "/models/" + model, "/pid/" + pid, "/preservation-policy")) {
            assertThat(given().accept("text/html").get(url).asString()).as(url)
                    .contains("<footer class=\"site\">").contains("<a href=\"/preservation-policy\">Preservation policy</a>");
        }
    }
}
