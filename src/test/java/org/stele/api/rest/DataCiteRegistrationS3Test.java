package org.stele.api.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.stele.support.DataCiteStandIn;

/** DataCite registration on the S3 driver (and, in CI's second pass, an external PostgreSQL with its triggers). */
@QuarkusTest
@TestProfile(DataCiteStandIn.OnS3.class)
class DataCiteRegistrationS3Test extends DataCiteRegistrationTest {
}
