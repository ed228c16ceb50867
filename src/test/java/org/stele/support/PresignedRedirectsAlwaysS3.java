package org.stele.support;

import java.util.HashMap;
import java.util.Map;

/** The S3 driver redirecting every GET of content anyone may read to a presigned link, unless ?redirect=none. */
public class PresignedRedirectsAlwaysS3 extends S3Storage {
    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(super.getConfigOverrides());
        config.put("stele.downloads.presigned-redirect", "always");
        return config;
    }
}
