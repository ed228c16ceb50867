package org.stele.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Garbage collection without a grace period: whatever is unreferenced goes at once, so races are easy to provoke. */
public class NoGracePeriod implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("stele.gc.grace-period", "0s");
    }
}
