package org.stele.api.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.stele.support.S3Storage;

/** The same verified downloads with the S3 driver, whose reads of this size go out as parallel ranged GETs. */
@QuarkusTest
@TestProfile(S3Storage.class)
class BytesVerifiedDownloadS3Test extends BytesVerifiedDownloadTest {
}
