package org.stele.api.access;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.stele.support.S3Storage;

/** Embargoes with the S3 driver: the published record in the bucket is rewritten with the new embargo. */
@QuarkusTest
@TestProfile(S3Storage.class)
class EmbargoS3Test extends EmbargoTest {
}
