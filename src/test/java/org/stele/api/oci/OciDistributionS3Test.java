package org.stele.api.oci;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.stele.support.S3Storage;

/** The OCI registry on the S3 driver (and, in CI's second pass, an external PostgreSQL): layers streamed from S3. */
@QuarkusTest
@TestProfile(S3Storage.class)
class OciDistributionS3Test extends OciDistributionTest {
}
