package org.stele.support;

import java.util.HashMap;
import java.util.Map;

/** {@link PresignedRedirects} on the S3 driver, whose links are presigned S3Proxy URLs. */
public class PresignedRedirectsS3 extends PresignedRedirects {
    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(new S3Storage().getConfigOverrides());
        config.putAll(super.getConfigOverrides());
        return config;
    }
}
