package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.stele.api.rest.PreservationApiTest.awaitReplicated;
import static org.stele.api.rest.PreservationApiTest.runPass;
import static org.stele.support.Deposits.createModel;
import static org.stele.support.Deposits.createVersion;
import static org.stele.support.Deposits.publish;
import static org.stele.support.Deposits.putFile;
import static org.stele.support.Deposits.uniqueName;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.stele.support.Bytes;
import org.stele.support.Chromium;
import org.stele.support.FilesystemReplica;
import org.stele.support.Lab;
import org.stele.support.ModelSigning;

/**
 * The trust panel of a version page, read in a real Chromium: after a fixity pass it shows that pass's verification
 * time of the bytes, the record and the archive's signature, the copies (primary and replica), the depositor's verified
 * signature; and the download choices side by side (curl + sha256sum, Hugging Face, OCI, BagIt).
 */
@QuarkusTest
@TestProfile(FilesystemReplica.class)
class TrustPanelBrowserTest {
    private static final DateTimeFormatter PAGE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    static ChromeDriver browser;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void startBrowser() throws Exception {
        browser = Chromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void thePanelShowsTheLastFixityPassTheCopiesAndTheVerifiedSignatures() throws Exception {
        Lab lab = Lab.create("trust");
        KeyPair pair = ModelSigning.keyPair("secp256r1");
        given().header("Authorization", Lab.token(lab.owner, List.of("read", "write"))).contentType(ContentType.JSON)
                .body(Map.of("publicKeyPem", ModelSigning.pem(pair), "label", "release pipeline"))
                .post("/api/v1/namespaces/" + lab.namespace + "/signing-keys").then().statusCode(201);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("config.json", ("{\"seed\": " + System.nanoTime() + "}").getBytes(StandardCharsets.UTF_8));
        files.put("model.bin", Bytes.random(3000, System.nanoTime()));
        String model = lab.namespace + "/" + uniqueName("trusted");
        createModel(lab.namespace, model.substring(model.indexOf('/') + 1)).statusCode(201);
        createVersion(model, "1.0").statusCode(201);
        files.forEach((path, bytes) -> putFile(model, "1.0", path, bytes).statusCode(201));
        putFile(model, "1.0", "model.sig", ModelSigning.sign(pair, files, List.of("model.sig"))).statusCode(201);
        String pid = publish(model, "1.0").statusCode(200).extract().path("pid");

        browser.get(base + "pid/" + pid);
        assertThat(browser.findElement(By.id("record-verified")).getText()).isEqualTo("record not yet verified by a fixity pass");
        assertThat(browser.findElement(By.id("archive-verified")).getText()).isEqualTo("not yet checked by a fixity pass");

        awaitReplicated();
        runPass();
        JsonPath status = given().accept(ContentType.JSON).get("/api/v1/models/" + model + "/versions/1.0").then().statusCode(200)
                .extract().jsonPath();
        Instant bytesAt = Instant.parse(status.getString("preservation.bytesVerifiedAt"));
        Instant recordAt = Instant.parse(status.getString("preservation.recordVerifiedAt"));
        Instant archiveAt = Instant.parse(status.getString("preservation.signatures.find { it.signer == 'archive' }.verifiedAt"));
        String archiveKey = status.getString("preservation.signatures.find { it.signer == 'archive' }.keyId");
        Instant depositorAt = Instant.parse(status.getString("depositorSignature.verifiedAt"));

        browser.navigate().refresh();
        assertThat(browser.findElement(By.id("bytes-verified")).getText()).isEqualTo(PAGE_TIME.format(bytesAt));
        assertThat(browser.findElement(By.id("record-verified")).getText()).isEqualTo(PAGE_TIME.format(recordAt));
        assertThat(browser.findElement(By.id("archive-verified")).getText()).endsWith(PAGE_TIME.format(archiveAt));
        assertThat(browser.findElement(By.id("archive-key")).getText()).isEqualTo(archiveKey);
        assertThat(browser.findElement(By.id("copies")).getText()).isEqualTo("2");
        assertThat(browser.findElement(By.id("signed-by")).getText()).contains(ModelSigning.hint(pair)).contains("release pipeline")
                .contains("namespace " + lab.namespace);
        assertThat(browser.findElement(By.id("depositor-verified")).getText()).startsWith("verified against every file")
                .contains(depositorAt.toString().substring(0, 10));
        // Registration is off here: the panel says nothing of DataCite rather than something untrue.
        assertThat(browser.findElements(By.id("datacite-state"))).isEmpty();

        // Four ways to fetch it, side by side, each naming this exact version.
        assertThat(browser.findElements(By.cssSelector(".choices > .choice h3"))).extracting(e -> e.getText())
                .containsExactly("curl and sha256sum", "Hugging Face tools", "OCI registry clients", "BagIt package");
        String curl = browser.findElement(By.id("fetch-curl")).getText();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            assertThat(curl).contains(Bytes.sha256(file.getValue()).substring(7) + "  " + file.getKey());
        }
        String host = base.getHost() + ":" + base.getPort();
        assertThat(browser.findElement(By.id("fetch-oci")).getText())
                .isEqualTo("skopeo copy --src-tls-verify=false docker://" + host + "/" + model.toLowerCase() + ":1.0 dir:1.0");
        assertThat(browser.findElement(By.id("fetch-hf")).getText()).contains("revision=");
        assertThat(browser.findElement(By.id("bag")).getAttribute("href")).endsWith("/api/v1/models/" + model + "/versions/1.0/bag");
        Chromium.screenshot(browser, "trust-panel.png");
    }
}
