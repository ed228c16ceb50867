package org.stele.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/** The filesystem driver with a second, filesystem replica store in its own directory. */
public class FilesystemReplica implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        try {
            return Map.of(
                    "stele.replica.storage", "filesystem",
                    "stele.replica.data-dir", Files.createTempDirectory("stele-replica").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
