package org.stele.api.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.stele.support.S3Replica;

/** The same preservation status with the S3 driver: primary and replica are two buckets of an S3Proxy process. */
@QuarkusTest
@TestProfile(S3Replica.class)
class PreservationStatusS3Test extends PreservationStatusTest {
}
