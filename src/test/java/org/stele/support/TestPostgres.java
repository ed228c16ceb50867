package org.stele.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A real PostgreSQL database for one test application: embedded (a fresh machine needs no server), or, when
 * {@code -Dstele-test.jdbc-url=jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres} is given, a fresh
 * database created on that server and dropped afterwards.
 */
public final class TestPostgres implements AutoCloseable {
    private final EmbeddedPostgres embedded;
    private final String serverUrl;
    private final String database;
    private final String jdbcUrl;

    private TestPostgres(EmbeddedPostgres embedded, String serverUrl, String database, String jdbcUrl) {
        this.embedded = embedded;
        this.serverUrl = serverUrl;
        this.database = database;
        this.jdbcUrl = jdbcUrl;
    }

    public static TestPostgres start() throws IOException {
        String server = System.getProperty("stele-test.jdbc-url", "");
        if (server.isBlank()) {
            EmbeddedPostgres postgres = EmbeddedPostgres.start();
            return new TestPostgres(postgres, null, null, postgres.getJdbcUrl("postgres", "postgres"));
        }
        String database = "stele_test_" + UUID.randomUUID().toString().replace("-", "");
        execute(server, "create database " + database);
        String url = server.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + database);
        return new TestPostgres(null, server, database, url);
    }

    /** Whether the suite runs against an external server (the opt-in profile). */
    public static boolean external() {
        return !System.getProperty("stele-test.jdbc-url", "").isBlank();
    }

    /** A JDBC URL that carries its own credentials. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String username() {
        return embedded != null ? "postgres" : null;
    }

    public String password() {
        return embedded != null ? "postgres" : null;
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        } else {
            execute(serverUrl, "drop database if exists " + database + " with (force)");
        }
    }

    private static void execute(String url, String sql) throws IOException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IOException("PostgreSQL at " + url.replaceAll("\\?.*$", "") + ": " + e.getMessage(), e);
        }
    }
}
