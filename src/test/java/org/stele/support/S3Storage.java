package org.stele.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Runs a Quarkus test against the S3 driver, on an S3Proxy process. */
public class S3Storage implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        S3ProxyServer s3 = S3ProxyServer.shared();
        return Map.of(
                "stele.storage", "s3",
                "stele.s3.endpoint", s3.endpoint(),
                "stele.s3.bucket", "stele-api-test",
                "stele.s3.access-key", S3ProxyServer.ACCESS_KEY,
                "stele.s3.secret-key", S3ProxyServer.SECRET_KEY);
    }
}
