package org.stele.api.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.stele.support.S3Storage;

/** The same digest-to-citations tests with the S3 driver against an S3Proxy process. */
@QuarkusTest
@TestProfile(S3Storage.class)
class BlobVersionsS3Test extends BlobVersionsTest {
}
