package org.stele.api.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.HashMap;
import java.util.Map;
import org.stele.support.S3Storage;

/** The same kept answers with the S3 driver against an S3Proxy process: the bytes kept are read and proven from there. */
@QuarkusTest
@TestProfile(SmallBlobAnswersS3Test.QuietS3.class)
class SmallBlobAnswersS3Test extends SmallBlobAnswersTest {
    /** S3 storage, and no scheduled jobs (as {@link MetadataPathCacheTest.Quiet}). */
    public static class QuietS3 extends S3Storage {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.putAll(new MetadataPathCacheTest.Quiet().getConfigOverrides());
            return overrides;
        }
    }
}
