package org.stele.domain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The licence of a model: an SPDX license identifier, or {@code other} when none fits (the model
 * card then says which). The list ships in {@code spdx-license-ids.txt}, deprecated ids included
 * so older metadata still validates.
 */
public final class License {
    /** The value for a licence without an SPDX identifier. */
    public static final String OTHER = "other";

    private static final String RESOURCE = "/spdx-license-ids.txt";
    private static final Map<String, String> BY_LOWER_CASE = load();

    private License() {
    }

    /**
     * Returns the SPDX identifier in its canonical case ({@code apache-2.0} gives
     * {@code Apache-2.0}), or {@code other}.
     *
     * @throws ArchiveException 400 {@code invalid_license} for anything else
     */
    public static String check(String value) {
        String id = value == null ? null : BY_LOWER_CASE.get(value.toLowerCase(Locale.ROOT));
        if (id == null) {
            throw new ArchiveException(ErrorCode.INVALID_LICENSE, "'" + value + "' is not an SPDX license identifier (see https://spdx.org/licenses/);"
                            + " use '" + OTHER + "' and describe the licence in the model card");
        }
        return id;
    }

    private static Map<String, String> load() {
        Map<String, String> ids = new HashMap<>();
        ids.put(OTHER, OTHER);
        try (InputStream in = License.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String id = line.strip();
                if (!id.isEmpty() && !id.startsWith("#")) {
                    ids.put(id.toLowerCase(Locale.ROOT), id);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(ids);
    }
}
