package org.stele.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded PostgreSQL a packaged Stele runs under its data directory, seen from outside: its settings, and its
 * processes. pg_ctl detaches the postmaster, so it is no descendant of the Java process: its {@code postmaster.pid}
 * names it.
 */
final class EmbeddedDatabase {
    private final Path directory;

    EmbeddedDatabase(Path dataDir) {
        this.directory = dataDir.resolve("postgres");
    }

    /** Where the running server answers, for a test that looks into the catalog. */
    String jdbcUrl() throws IOException {
        return "jdbc:postgresql://127.0.0.1:" + pidFileLine(3) + "/postgres";
    }

    /** A server setting as {@code show} answers it, e.g. {@code fsync}. */
    String show(String setting) throws IOException, SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), "postgres", "postgres");
                Statement statement = connection.createStatement();
                ResultSet answer = statement.executeQuery("show " + setting)) {
            answer.next();
            return answer.getString(1);
        }
    }

    /** The postmaster and every backend it forked, found before anything is killed. */
    List<ProcessHandle> processes() throws IOException {
        List<ProcessHandle> found = new ArrayList<>();
        ProcessHandle.of(Long.parseLong(pidFileLine(0))).ifPresent(postmaster -> {
            found.add(postmaster);
            postmaster.descendants().forEach(found::add);
        });
        return found;
    }

    /** {@code postmaster.pid}: line 1 the postmaster's PID, line 4 its port. */
    private String pidFileLine(int index) throws IOException {
        return Files.readAllLines(directory.resolve("postmaster.pid")).get(index).trim();
    }
}
