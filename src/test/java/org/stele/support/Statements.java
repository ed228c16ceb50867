package org.stele.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Plain SQL on connections of a test's own, for races between transactions played out step by step. */
public final class Statements {
    private Statements() {
    }

    /** Runs one statement; a failure (a lock timeout, a deadlock) is thrown unchecked so it can end a future. */
    public static void run(Connection c, String sql, Object... params) {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            s.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fails unless the statement is still waiting, after half a second, for a lock another transaction holds. */
    public static void assertBlocked(CompletableFuture<Void> statement) throws Exception {
        try {
            statement.get(500, TimeUnit.MILLISECONDS);
            throw new AssertionError("ran without waiting for the other transaction");
        } catch (TimeoutException expected) {
            // still waiting for the other transaction's lock
        }
    }
}
