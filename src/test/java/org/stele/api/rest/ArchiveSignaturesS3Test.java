package org.stele.api.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.stele.support.S3Storage;

/** Archive signatures with the S3 driver against an S3Proxy process. */
@QuarkusTest
@TestProfile(S3Storage.class)
class ArchiveSignaturesS3Test extends ArchiveSignaturesTest {
}
