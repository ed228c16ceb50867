package org.stele.api.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stele.support.Deposits;

/**
 * Behind an ingress every request comes from the proxy's address: with the proxy trusted, failures are counted per
 * client as X-Forwarded-For names it (one client's failures do not lock out the others), and audited with it.
 */
@QuarkusTest
@TestProfile(RateLimitBehindProxyTest.TrustedLoopbackProxy.class)
class RateLimitBehindProxyTest {
    public static class TrustedLoopbackProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("stele.auth.failure-limit", "3", "stele.auth.failure-window", "10m",
                    "quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.trusted-proxies", "127.0.0.1,::1");
        }
    }

    @Test
    void failuresAreCountedPerForwardedClient() {
        for (int i = 0; i < 3; i++) {
            given().header("X-Forwarded-For", "203.0.113.7").header("Authorization", "Bearer stele_guess" + i)
                    .get("/api/v1/tokens").then().statusCode(401);
        }
        given().header("X-Forwarded-For", "203.0.113.7").header("Authorization", "Bearer stele_guess4")
                .get("/api/v1/tokens").then().statusCode(429).body("code", equalTo("too_many_failures"));
        // Another client behind the same proxy is not held up by the first one's failures.
        given().header("X-Forwarded-For", "203.0.113.8").header("Authorization", "Bearer stele_guess5")
                .get("/api/v1/tokens").then().statusCode(401).body("code", equalTo("unauthenticated"));
        List<String> addresses = given().header("Authorization", Deposits.AUTH).get("/api/v1/audit?target=token").then()
                .statusCode(200).extract().jsonPath().getList("items.clientAddress");
        assertThat(addresses).containsExactly("203.0.113.7", "203.0.113.7", "203.0.113.7", "203.0.113.8");
    }
}
