package org.stele.api.oai;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.stele.support.S3Storage;

/** OAI-PMH harvesting with the S3 driver (and, in CI's second pass, an external PostgreSQL). */
@QuarkusTest
@TestProfile(S3Storage.class)
class OaiPmhS3Test extends OaiPmhTest {
}
