package org.stele.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Every Quarkus test application gets its own real PostgreSQL. */
@QuarkusTestResource(TestDatabase.class)
public final class Global {
    private Global() {
    }
}
