package org.stele.api.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.stele.support.S3Storage;

/** The same tests with the S3 driver against an S3Proxy process: chunks of 5 MiB and more are composed server-side. */
@QuarkusTest
@TestProfile(S3Storage.class)
class ResumableUploadS3Test extends ResumableUploadTest {
}
