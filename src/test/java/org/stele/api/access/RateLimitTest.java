package org.stele.api.access;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stele.support.Deposits;

/** Failed authentications are rate-limited per client address; valid tokens and anonymous reads are not held up. */
@QuarkusTest
@TestProfile(RateLimitTest.ThreeFailures.class)
class RateLimitTest {
    public static class ThreeFailures implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("stele.auth.failure-limit", "3", "stele.auth.failure-window", "10m");
        }
    }

    @Test
    void theFourthFailureFromAnAddressIsRefusedWith429() {
        // Tokens Hugging Face clients send outside /api are anonymous, neither refused nor counted.
        for (int i = 0; i < 5; i++) {
            given().header("Authorization", "Bearer hf_forTheHub" + i).get("/hf/api/models/nobody/nothing").then().statusCode(401);
        }
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", "Bearer stele_guess" + i).get("/api/v1/tokens").then().statusCode(401)
                    .body("code", equalTo("unauthenticated"));
        }
        given().header("Authorization", "Bearer stele_guess4").get("/api/v1/tokens").then().statusCode(429)
                .body("code", equalTo("too_many_failures")).header("Retry-After", "600");
        given().header("Authorization", "Bearer stele_guess5").post("/api/v1/blobs").then().statusCode(429);
        given().header("Authorization", Deposits.AUTH).get("/api/v1/tokens").then().statusCode(200);
        given().get("/api/v1/models").then().statusCode(200);
        // Failures beyond the limit are not recorded: an attacker cannot flood the audit trail.
        given().header("Authorization", Deposits.AUTH).get("/api/v1/audit?target=token").then().statusCode(200)
                .body("items.size()", equalTo(3));
    }
}
