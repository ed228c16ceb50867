package org.stele;

import io.quarkus.runtime.QuarkusApplication;
import jakarta.inject.Inject;
import org.stele.archive.preservation.CatalogRebuild;
import org.stele.config.StartupGate;

/**
 * {@code java -jar quarkus-run.jar rebuild}: restores the catalog from the record documents in storage into an
 * empty database, with the service's own configuration, prints what it restored and exits.
 */
public class RebuildCommand implements QuarkusApplication {
    @Inject
    CatalogRebuild rebuild;

    @Override
    public int run(String... args) {
        if (!StartupGate.isOpen()) {
            return 1; // Boot has said why, in one line
        }
        try {
            CatalogRebuild.Report report = rebuild.rebuild();
            System.out.println("Stele rebuilt the catalog from storage: " + report.summary());
            return 0;
        } catch (CatalogRebuild.NotEmpty e) {
            System.err.println("Stele cannot rebuild: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            System.err.println("Stele cannot rebuild: " + SteleMain.rootMessage(e) + "; the catalog was left empty");
            return 1;
        }
    }
}
