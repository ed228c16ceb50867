package org.stele.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class LicenseTest {

    @ParameterizedTest
    @CsvSource({
        "MIT, MIT",
        "mit, MIT",
        "apache-2.0, Apache-2.0",
        "APACHE-2.0, Apache-2.0",
        "Apache-2.0, Apache-2.0",
        "cc-by-4.0, CC-BY-4.0",
        "ZLIB, Zlib",
        "bsd-3-clause, BSD-3-Clause",
        "gpl-2.0, GPL-2.0",              // deprecated ids still validate
        "GPL-3.0-or-later, GPL-3.0-or-later",
        "other, other",
        "OTHER, other",
    })
    void acceptsSpdxIdsInTheirCanonicalCase(String given, String canonical) {
        assertThat(License.check(given)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"llama2", "llama3.1", "openrail", "openrail++", "Apache 2.0", " MIT", "MIT ", "MIT OR Apache-2.0", "unknown"})
    void refusesAnythingElse(String given) {
        assertThatThrownBy(() -> License.check(given))
                .isInstanceOfSatisfying(ArchiveException.class, e -> {
                    assertThat(org.stele.api.http.ErrorCodes.status(e)).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("invalid_license");
                });
    }

    @Test
    void listNamesItsSourceAndIsComplete() throws Exception {
        try (var in = new BufferedReader(new InputStreamReader(
                LicenseTest.class.getResourceAsStream("/spdx-license-ids.txt"), StandardCharsets.UTF_8))) {
            List<String> lines = in.lines().toList();
            assertThat(lines.get(0)).matches("# spdx-license-ids@\\d+\\.\\d+\\.\\d+ from npm");
            assertThat(lines.subList(1, lines.size()))
                    .hasSizeGreaterThan(600)
                    .doesNotHaveDuplicates()
                    .allSatisfy(id -> {
                        assertThat(id).matches("[A-Za-z0-9.+-]+");
                        assertThat(License.check(id)).isEqualTo(id);
                    });
        }
    }
}
