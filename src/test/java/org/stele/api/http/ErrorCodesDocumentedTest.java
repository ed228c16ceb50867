package org.stele.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.stele.domain.ErrorCode;

/** Every code a refusal can carry is in docs/error-codes.md, with the status the API answers it with, and no other. */
class ErrorCodesDocumentedTest {
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z0-9_<>]+)`\\s*\\|\\s*(\\d{3}|[^|]*?)\\s*\\|", Pattern.MULTILINE);

    @Test
    void everyCodeIsDocumentedWithItsStatus() throws IOException {
        Map<String, String> documented = documented();
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(documented).as("docs/error-codes.md row for %s", code.code()).containsKey(code.code());
            assertThat(documented.get(code.code())).as("status of %s", code.code())
                    .isEqualTo(String.valueOf(ErrorCodes.of(code).status()));
        }
    }

    @Test
    void theDocumentNamesNoCodeThatDoesNotExist() throws IOException {
        var known = Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList();
        assertThat(documented().keySet()).allSatisfy(code ->
                assertThat(known.contains(code) || code.equals("http_<status>")).as("%s is a code of ErrorCode", code).isTrue());
    }

    private static Map<String, String> documented() throws IOException {
        Matcher rows = ROW.matcher(Files.readString(Path.of("docs/error-codes.md")));
        Map<String, String> codes = new LinkedHashMap<>();
        while (rows.find()) {
            codes.put(rows.group(1), rows.group(2));
        }
        assertThat(codes).as("rows of docs/error-codes.md").isNotEmpty();
        return codes;
    }
}
