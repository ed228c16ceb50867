package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stele.support.Bytes;
import org.stele.support.Deposits;
import org.stele.support.S3Storage;

/** Presigned redirects are off by default: on S3 too, ?redirect=presigned is answered with the bytes. */
@QuarkusTest
@TestProfile(S3Storage.class)
class PresignedDownloadOffS3Test {
    @Test
    void offByDefaultEvenWhenAskedFor() {
        byte[] bytes = Bytes.random(50_000, 47);
        String model = Deposits.published("1.0", Map.of("w.bin", bytes));
        for (String url : new PresignedDownloadTest.Published(model, bytes, Bytes.sha256(bytes)).urls()) {
            byte[] got = given().redirects().follow(false).queryParam("redirect", "presigned").get(url).then().statusCode(200)
                    .extract().asByteArray();
            assertThat(got).as(url).isEqualTo(bytes);
            // The parameter is checked all the same, so a request means the same on every archive.
            given().redirects().follow(false).queryParam("redirect", "bogus").get(url).then().statusCode(400);
        }
    }
}
