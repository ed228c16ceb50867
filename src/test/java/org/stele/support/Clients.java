package org.stele.support;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Real clients (Node packages, Chromium) are installed by .ci/run. Locally a test that needs a missing one
 * is skipped; in CI (CI=true) or with -Dstele-test.clients-required=true it fails instead, so CI cannot pass vacuously.
 */
public final class Clients {
    private Clients() {
    }

    public static void require(boolean present, String what) {
        if (Boolean.getBoolean("stele-test.clients-required") || "true".equals(System.getenv("CI"))) {
            if (!present) {
                throw new AssertionError(what + " is missing; .ci/run installs it");
            }
        } else {
            Assumptions.assumeTrue(present, what + " is not installed; skipping (run .ci/run to install it)");
        }
    }

    public static boolean exists(String path) {
        return Files.isExecutable(Path.of(path));
    }
}
