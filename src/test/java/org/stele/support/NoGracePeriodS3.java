package org.stele.support;

import java.util.HashMap;
import java.util.Map;

/** {@link NoGracePeriod} on the S3 driver, in a bucket of its own (collection must not touch other tests' bytes). */
public class NoGracePeriodS3 extends NoGracePeriod {
    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(new S3Storage().getConfigOverrides());
        config.putAll(super.getConfigOverrides());
        config.put("stele.s3.bucket", "stele-gc-test");
        return config;
    }
}
