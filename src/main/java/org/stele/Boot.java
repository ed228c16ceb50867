package org.stele;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;
import org.stele.archive.access.Tokens;
import org.stele.archive.deposit.UploadSweeper;
import org.stele.archive.preservation.AccountDocuments;
import org.stele.archive.preservation.UncommittedRecords;
import org.stele.archive.registration.Registration;
import org.stele.archive.signing.ArchiveKeys;
import org.stele.config.StartupGate;
import org.stele.config.SteleConfig;
import org.stele.store.BlobStore;

/**
 * Brings the archive up in order: schema, storage, signing key, admin token, documents of accounts and identifiers
 * stored before they had any. A wrong configuration stops startup with one line saying what is wrong, not a stack
 * trace. The {@code rebuild} command stops after the signing key (which proves the documents it reads): the admin and
 * his token come back at the first start after it.
 */
@Singleton
public class Boot {
    private static final Logger LOG = Logger.getLogger(Boot.class);

    void onStart(@Observes StartupEvent event, Flyway flyway, BlobStore store, Tokens tokens, ArchiveKeys keys,
            AccountDocuments accounts, UploadSweeper uploads, UncommittedRecords records, Registration registration, SteleConfig config,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
            @ConfigProperty(name = "quarkus.http.port") int port) {
        String step = "database";
        // The URL's query may carry a password: never log it.
        String database = System.getProperty(SteleMain.EMBEDDED_DATABASE_PROPERTY, "PostgreSQL at " + jdbcUrl.replaceAll("\\?.*$", ""));
        try {
            flyway.migrate();
            step = "storage";
            store.verify();
            step = "signing key";
            keys.load();
            step = "DataCite";
            registration.verifyConfiguration();
            if (System.getProperty(SteleMain.COMMAND_PROPERTY) == null) {
                step = "admin token";
                tokens.installAdminToken(config.adminToken(), config.dataDir().resolve("admin-token"));
                step = "documents";
                int written = accounts.backfill();
                if (written > 0) {
                    LOG.infof("Wrote %d documents of users, namespaces and identifiers stored before they had any, "
                            + "so a catalog rebuild restores them", written);
                }
            }
        } catch (Exception e) {
            LOG.errorf("Stele cannot start: %s: %s", step, describe(step, database, e));
            // System.exit here would deadlock with Quarkus' shutdown hook; this exits once startup unwinds.
            Quarkus.asyncExit(1);
            return;
        }
        StartupGate.open();
        if (System.getProperty(SteleMain.COMMAND_PROPERTY) == null) {
            uploads.atStart(); // what killed uploads of the last run left behind
            records.atStart(); // and records of publishes killed before they committed
        }
        String http = System.getProperty(SteleMain.COMMAND_PROPERTY) == null ? "http://localhost:" + port + "/" : "no HTTP listener";
        LOG.infof("Stele is up: catalog in %s; blobs in %s (%s driver); data directory %s; %s",
                database, store.location(), store.driver(), config.dataDir().toAbsolutePath().normalize(), http);
    }


    private static String describe(String step, String database, Exception e) {
        String message = SteleMain.rootMessage(e);
        return step.equals("database") ? database + " is not usable (" + message + ")"
                : e.getMessage() != null && step.equals("storage") ? e.getMessage() : message;
    }
}
