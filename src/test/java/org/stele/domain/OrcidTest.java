package org.stele.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class OrcidTest {

    @ParameterizedTest
    @CsvSource({
        "0000-0002-1825-0097, https://orcid.org/0000-0002-1825-0097",
        "https://orcid.org/0000-0002-1825-0097, https://orcid.org/0000-0002-1825-0097",
        "0000-0001-5109-3700, https://orcid.org/0000-0001-5109-3700",
        "0000-0002-1694-233X, https://orcid.org/0000-0002-1694-233X",
        "0000-0002-1694-233x, https://orcid.org/0000-0002-1694-233X",
        "https://orcid.org/0000-0002-1694-233X, https://orcid.org/0000-0002-1694-233X",
    })
    void acceptsValidIdsAndReturnsTheUri(String given, String canonical) {
        assertThat(Orcid.check(given)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "0000-0002-1825-0098",   // wrong check digit
        "0000-0002-1825-009X",   // X where 7 belongs
        "0000-0002-1694-2330",   // 0 where X belongs
        "0000-0001-5109-3701",
        "0000-0002-1852-0097",   // transposed digits
        "0000000218250097",
        "0000-0002-1825-00977",
        "0000-0002-1825-009",
        "http://orcid.org/0000-0002-1825-0097",
        "orcid.org/0000-0002-1825-0097",
        "https://orcid.org/0000-0002-1825-0098",
        " 0000-0002-1825-0097",
        "0000-0002-1825-0097 ",
        "X000-0002-1825-0097",
        "\uff10000-0002-1825-0097",  // fullwidth zero
    })
    void refusesAnythingElse(String given) {
        assertThatThrownBy(() -> Orcid.check(given))
                .isInstanceOfSatisfying(ArchiveException.class, e -> {
                    assertThat(org.stele.api.http.ErrorCodes.status(e)).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("invalid_orcid");
                });
    }
}
