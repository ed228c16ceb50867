package org.stele.archive.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stele.support.Statements.assertBlocked;
import static org.stele.support.Statements.run;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.stele.support.Deposits;

/**
 * Two transactions changing one model queue its identifiers' registrations without deadlocking, however their
 * statements cross: one that has queued a version and its concept (a moved datestamp) and then changes another
 * version, while the other changes the model and so queues every identifier in order.
 */
@QuarkusTest
class RegistrationLockOrderTest {
    @Inject
    AgroalDataSource dataSource;

    @Test
    void transactionsCrossingOnOneModelsIdentifiersWaitInsteadOfDeadlocking() throws Exception {
        Crossing crossing = crossing();
        long queuedBefore = queued(crossing.modelId);
        try (Connection first = dataSource.getConnection(); Connection second = dataSource.getConnection()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            // Queues {moved, concept}, both after the model's first identifier.
            run(first, "update model_version set oai_datestamp = oai_datestamp where pid = ?", crossing.moved);
            // Queues every identifier in order: before the fix it took the first one and then waited on the others.
            CompletableFuture<Void> model = CompletableFuture.runAsync(() -> run(second,
                    "update model set title = title where id = ?", crossing.modelId));
            assertBlocked(model);
            // Queues every identifier in order too, starting with the one the other transaction would have held.
            CompletableFuture<Void> version = CompletableFuture.runAsync(() -> run(first,
                    "update model_version set title = coalesce(title, '') || ' ' where pid = ?", crossing.changed));
            version.get(10, TimeUnit.SECONDS);
            first.commit();
            model.get(10, TimeUnit.SECONDS);
            second.commit();
        }
        // Both waited and neither lost its work: the moved datestamp queued two identifiers, each of the other two
        // statements every identifier of the model.
        assertThat(queued(crossing.modelId) - queuedBefore).isEqualTo(2 + 2L * crossing.pids);
    }

    /** How many times the identifiers of a model were queued for registration, in all. */
    private long queued(long modelId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select sum(r.generation) from identifier_registration r join identifier i on i.pid = r.pid where i.model_id = ?")) {
            s.setLong(1, modelId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** The identifiers of a new model with three drafts, in an order whose first is a version, not the concept. */
    private record Crossing(long modelId, String moved, String changed, int pids) {
    }

    private Crossing crossing() throws SQLException {
        for (int attempt = 0; ; attempt++) {
            String model = Deposits.model("lab", "dc-crossing", false);
            for (String label : List.of("1", "2", "3")) {
                Deposits.createVersion(model, label).statusCode(201);
            }
            long modelId;
            String concept;
            List<String> versions = new ArrayList<>();
            try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                    "select i.model_id, i.pid, i.kind from identifier i join model m on m.id = i.model_id"
                            + " where m.namespace || '/' || m.name = ? order by i.pid")) {
                s.setString(1, model);
                modelId = -1;
                concept = null;
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        modelId = r.getLong(1);
                        if (r.getString(3).equals("concept")) {
                            concept = r.getString(2);
                        } else {
                            versions.add(r.getString(2));
                        }
                    }
                }
            }
            assertThat(versions).hasSize(3);
            if (versions.get(0).compareTo(concept) < 0) {
                return new Crossing(modelId, versions.get(2), versions.get(0), 4);
            }
            assertThat(attempt).as("a model whose concept identifier is not the first").isLessThan(30);
        }
    }
}
