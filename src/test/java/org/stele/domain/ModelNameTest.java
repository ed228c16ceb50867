package org.stele.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "a", "9", "_", "_a_", "Llama-3.1-8B-Instruct", "bert_base.v2", "a-b_c.d", "a_-b", "a.-b", "a-.b"})
    void acceptsValidNames(String name) {
        assertThat(ModelName.check(name, "model name")).isEqualTo(name);
    }

    @Test
    void acceptsUpTo96Characters() {
        assertThat(ModelName.check("a".repeat(96), "namespace")).hasSize(96);
        assertInvalid("a".repeat(97));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "-a", "a-", ".a", "a.", ".", "-", "..", "a--b", "a..b", "a...b",
        "a/b", "a b", "a\tb", "caf\u00e9", "a+b", "a@b", "a:b", "\uff41", "a\u0000",
    })
    void refusesInvalidNames(String name) {
        assertInvalid(name);
    }

    @Test
    void detailSaysWhatWasWrong() {
        assertThatThrownBy(() -> ModelName.check("-x", "namespace"))
                .hasMessageContaining("namespace");
    }

    private static void assertInvalid(String name) {
        assertThatThrownBy(() -> ModelName.check(name, "model name"))
                .isInstanceOfSatisfying(ArchiveException.class, e -> {
                    assertThat(org.stele.api.http.ErrorCodes.status(e)).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("invalid_name");
                    assertThat(org.stele.api.http.ErrorCodes.title(e)).isEqualTo("Invalid name");
                    assertThat(e.getMessage()).contains("model name");
                });
    }
}
