package org.stele.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/** A real PostgreSQL (see {@link TestPostgres}) and a fresh data directory for each Quarkus test application. */
public class TestDatabase implements QuarkusTestResourceLifecycleManager {
    public static final String ADMIN_TOKEN = "stele_test_admin_token";

    private TestPostgres postgres;

    @Override
    public Map<String, String> start() {
        try {
            postgres = TestPostgres.start();
            Map<String, String> config = new HashMap<>(Map.of(
                    "quarkus.datasource.jdbc.url", postgres.jdbcUrl(),
                    "stele.data-dir", Files.createTempDirectory("stele-test").toString(),
                    "stele.admin-token", ADMIN_TOKEN));
            if (postgres.username() != null) {
                config.put("quarkus.datasource.username", postgres.username());
                config.put("quarkus.datasource.password", postgres.password());
            }
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        try {
            if (postgres != null) {
                postgres.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
