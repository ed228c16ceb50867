package org.stele.api.hf;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.stele.support.S3Storage;

/** The same pipeline on the S3 driver: LFS parts are upload-session chunks in the bucket, concatenated at completion. */
@QuarkusTest
@TestProfile(S3Storage.class)
class HfWriteClientS3Test extends HfWriteClientTest {
}
