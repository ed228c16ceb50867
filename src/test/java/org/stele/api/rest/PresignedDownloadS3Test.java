package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.stele.support.Bytes;
import org.stele.support.PresignedRedirects;
import org.stele.support.PresignedRedirectsS3;

/** The same requests on the S3 driver: content anyone may read is a 307 to a presigned S3Proxy link. */
@QuarkusTest
@TestProfile(PresignedRedirectsS3.class)
class PresignedDownloadS3Test extends PresignedDownloadTest {
    @Override
    boolean redirects() {
        return true;
    }

    @Test
    void theLinkPointsAtStorageAndExpires() throws Exception {
        Published p = publish(Bytes.random(100_000, 46));
        String location = given().redirects().follow(false).queryParam("redirect", "presigned").get(p.urls().get(0))
                .then().statusCode(307).extract().header("Location");
        assertThat(location).startsWith(ConfigProvider.getConfig().getValue("stele.s3.endpoint", String.class) + "/");
        HttpClient plain = HttpClient.newHttpClient();
        Thread.sleep((PresignedRedirects.LIFETIME_SECONDS + 2) * 1000L);
        HttpResponse<String> late = plain.send(HttpRequest.newBuilder(URI.create(location)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(late.statusCode()).as("storage refuses an expired link: " + late.body()).isEqualTo(403);
    }

    @Test
    void smallContentKeptInMemoryByHashIsSentNotRedirected() {
        Published p = publish(Bytes.random(5_000, 48));
        byte[] sent = given().redirects().follow(false).queryParam("redirect", "presigned").get(p.urls().get(0))
                .then().statusCode(200).extract().asByteArray();
        assertThat(sent).isEqualTo(p.bytes());
        given().redirects().follow(false).queryParam("redirect", "presigned").get(p.urls().get(1)).then().statusCode(307);
    }
}
