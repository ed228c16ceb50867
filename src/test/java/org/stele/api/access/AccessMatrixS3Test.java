package org.stele.api.access;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.stele.support.S3Storage;

/** The access matrix with the S3 driver: refused calls store nothing in the bucket either. */
@QuarkusTest
@TestProfile(S3Storage.class)
class AccessMatrixS3Test extends AccessMatrixTest {
}
