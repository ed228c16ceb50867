package org.stele.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifierTest {
    private static final String PREFIX = "10.5072";

    /** Always draws {@code n}, and checks it is asked for exactly 30 bits. */
    private static RandomGenerator fixed(long n) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new AssertionError("mint must draw a bounded number");
            }

            @Override
            public long nextLong(long bound) {
                assertThat(bound).isEqualTo(1L << 30);
                return n;
            }
        };
    }

    @ParameterizedTest
    @CsvSource({
        "329719985, 68", // body 9te85h
        "104197922, 84", // body 33bvs2
        "49522113, 26",
        "731245567, 71",
        "0, 98",
        "1073741823, 02",
    })
    void checkDigitsMatchTheVectors(long n, String expected) {
        assertThat(Identifier.checkDigits(n)).isEqualTo(expected);
    }

    @Test
    void checkDigitsRefuseNumbersOutsideThirtyBits() {
        assertThatThrownBy(() -> Identifier.checkDigits(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Identifier.checkDigits(1L << 30)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "49522113, 1f79-e126",
        "731245567, nsbt-zz71",
        "329719985, 9te8-5h68",
        "104197922, 33bv-s284",
        "0, 0000-0098",
        "637534208, k000-0018",
        "1073741823, zzzz-zz02",
    })
    void mintEncodesTheDrawnNumber(long n, String suffix) {
        Identifier id = Identifier.mint(PREFIX, fixed(n));
        assertThat(id.prefix()).isEqualTo(PREFIX);
        assertThat(id.suffix()).isEqualTo(suffix);
        assertThat(id).hasToString(PREFIX + "/" + suffix);
    }

    @Test
    void mintedIdentifiersParseBackToThemselves() {
        SplittableRandom random = new SplittableRandom(42);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            Identifier id = Identifier.mint(PREFIX, random);
            assertThat(id.suffix()).matches("[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{2}[0-9]{2}");
            assertThat(Identifier.parse(PREFIX, id.suffix())).isEqualTo(id);
            seen.add(id.suffix());
        }
        assertThat(seen).hasSizeGreaterThan(9_990);
    }

    @ParameterizedTest
    @CsvSource({
        "1f79-e126, 1f79-e126",
        "1f79e126, 1f79-e126",
        "1F79-E126, 1f79-e126",
        "If79-eL26, 1f79-e126",
        "if79e126, 1f79-e126",
        "OOOO-OO98, 0000-0098",
        "oooooo98, 0000-0098",
        "NSBTZZ71, nsbt-zz71",
        "K000-0018, k000-0018",
    })
    void parseForgivesCaseDashesAndLookalikes(String typed, String canonical) {
        Identifier id = Identifier.parse(PREFIX, typed);
        assertThat(id.suffix()).isEqualTo(canonical);
        assertThat(id).hasToString(PREFIX + "/" + canonical);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "1f79-e127",   // wrong check digits
        "1f79-e162",   // check digits swapped
        "f179-e126",   // body characters swapped
        "1f79-e12",    // too short
        "1f79-e1266",  // too long
        "1f79-e1a6",   // letter in the check digits
        "uf79-e126",   // u is not in the alphabet
        "1f79 e126",   // space
        "\u212a000-0018", // Kelvin sign lowercases to k, but is not ASCII
        "\uff11f79-e126", // fullwidth digit one
        "0000-0001",   // passes (100n + c) mod 97 == 1 but aliases 0000-0098
        "zzzz-zz99",   // alias of zzzz-zz02
        "1f79/e126",
    })
    void parseRefusesWithNotFound(String typed) {
        assertThatThrownBy(() -> Identifier.parse(PREFIX, typed))
                .isInstanceOfSatisfying(ArchiveException.class, e -> {
                    assertThat(org.stele.api.http.ErrorCodes.status(e)).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("invalid_identifier");
                    assertThat(org.stele.api.http.ErrorCodes.title(e)).isEqualTo("Invalid identifier");
                });
    }

    @Test
    void everySingleCharacterSubstitutionIsCaught() {
        String alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
        String suffix = "1f79e126";
        for (int position = 0; position < suffix.length(); position++) {
            String choices = position < 6 ? alphabet : "0123456789";
            for (char c : choices.toCharArray()) {
                if (c == suffix.charAt(position)) {
                    continue;
                }
                String typo = suffix.substring(0, position) + c + suffix.substring(position + 1);
                assertThatThrownBy(() -> Identifier.parse(PREFIX, typo))
                        .as(typo).isInstanceOf(ArchiveException.class);
            }
        }
    }

    @Test
    void constructorAcceptsOnlyCanonicalSuffixes() {
        assertThat(new Identifier(PREFIX, "1f79-e126")).hasToString("10.5072/1f79-e126");
        assertThatThrownBy(() -> new Identifier(PREFIX, "1F79-E126")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Identifier(PREFIX, "1f79e126")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Identifier(PREFIX, "1f79-e127")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Identifier(PREFIX, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.5072", "10.99999", "10.1234", "10.123456789"})
    void validatePrefixAcceptsDoiPrefixes(String prefix) {
        assertThat(Identifier.validatePrefix(prefix)).isEqualTo(prefix);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"10.123", "10.1234567890", "11.5072", "10.5072/", "10.5072.1", "10.50a2", " 10.5072", "doi:10.5072"})
    void validatePrefixRefusesEverythingElse(String prefix) {
        assertThatThrownBy(() -> Identifier.validatePrefix(prefix)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Identifier.mint(prefix, fixed(0))).isInstanceOf(IllegalArgumentException.class);
    }
}
