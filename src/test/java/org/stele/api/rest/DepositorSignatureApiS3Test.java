package org.stele.api.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.stele.support.S3Storage;

/** Depositor signatures with the S3 driver against an S3Proxy process: model.sig is read back from the bucket. */
@QuarkusTest
@TestProfile(S3Storage.class)
class DepositorSignatureApiS3Test extends DepositorSignatureApiTest {
}
