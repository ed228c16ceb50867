package org.stele.api.http;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.stele.support.S3Storage;

/** The same hostile writes with the S3 driver against an S3Proxy process: refused, and nothing in the bucket changed. */
@QuarkusTest
@TestProfile(S3Storage.class)
class HostileWritesS3Test extends HostileWritesTest {
}
