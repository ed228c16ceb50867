package org.stele.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Presigned download redirects on request (?redirect=presigned), on the filesystem driver, which has no such links. */
public class PresignedRedirects implements QuarkusTestProfile {
    /** How long a link works in these tests: short, so that one can be seen to expire. */
    public static final int LIFETIME_SECONDS = 4;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("stele.downloads.presigned-redirect", "on-request",
                "stele.downloads.presigned-lifetime", LIFETIME_SECONDS + "s");
    }
}
