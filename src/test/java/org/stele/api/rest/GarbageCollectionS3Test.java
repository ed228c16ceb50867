package org.stele.api.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.stele.support.NoGracePeriodS3;

/** Garbage collection, its race with attaches, and takedowns on the S3 driver against an S3Proxy process. */
@QuarkusTest
@TestProfile(NoGracePeriodS3.class)
class GarbageCollectionS3Test extends GarbageCollectionTest {
}
