package org.stele.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;

/** The S3 driver with an S3 replica store: two buckets of an S3Proxy process. */
public class S3Replica implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        S3ProxyServer s3 = S3ProxyServer.shared();
        Map<String, String> config = new HashMap<>(new S3Storage().getConfigOverrides());
        config.put("stele.s3.bucket", "stele-preservation");
        config.putAll(Map.of(
                "stele.replica.storage", "s3",
                "stele.replica.s3.endpoint", s3.endpoint(),
                "stele.replica.s3.bucket", "stele-preservation-replica",
                "stele.replica.s3.access-key", S3ProxyServer.ACCESS_KEY,
                "stele.replica.s3.secret-key", S3ProxyServer.SECRET_KEY));
        return config;
    }
}
