package org.stele.api.hf;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.stele.support.S3Storage;

/** The same multipart LFS uploads with the S3 driver against an S3Proxy process. */
@QuarkusTest
@TestProfile(S3Storage.class)
class ResumableLfsPartsS3Test extends ResumableLfsPartsTest {
}
