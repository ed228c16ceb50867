package org.stele.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Another instance of the service, as far as the catalog can tell: statements run on a JDBC connection of the test's
 * own, outside the instance under test's transactions, each committed at once.
 */
public final class AnotherInstance {
    private AnotherInstance() {
    }

    /** Runs a statement and commits it, as another instance would. */
    public static void commit(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The first column of the first row of a query. */
    public static String single(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).isTrue();
            return result.getString(1);
        }
    }

    /** Waits up to {@code millis} for {@code condition}, failing with {@code what} was waited for. */
    public static void await(BooleanSupplier condition, long millis, String what) {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("waiting %d ms for %s", millis, what).isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static Connection connect() throws SQLException {
        Config config = ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.jdbc.url", String.class);
        Optional<String> user = config.getOptionalValue("quarkus.datasource.username", String.class);
        return user.isPresent()
                ? DriverManager.getConnection(url, user.get(), config.getValue("quarkus.datasource.password", String.class))
                : DriverManager.getConnection(url);
    }
}
