package org.stele.api.access;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.stele.support.S3Storage;

/**
 * The access matrix with the S3 driver: refused writes store nothing in the bucket either. Only the rows that write:
 * who may read is decided before storage is reached, the same on either driver (the filesystem run checks every row),
 * and listing the whole bucket before and after each of the ~200 read cases cost minutes.
 */
@QuarkusTest
@TestProfile(S3Storage.class)
class AccessMatrixS3Test extends AccessMatrixTest {
    @Override
    boolean covers(Row row) {
        return row.write();
    }
}
