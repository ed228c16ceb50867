package org.stele.archive.citation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stele.domain.Author;

class CitableTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        Ada Lovelace             | Ada Lovelace         | Ada  | Lovelace
        '  Zoë \t  Ångström '    | Zoë Ångström         | Zoë  | Ångström
        Lovelace, Ada            | Lovelace, Ada        | Ada  | Lovelace
        'van Beethoven, Ludwig'  | van Beethoven, Ludwig | Ludwig | van Beethoven
        Ludwig van Beethoven     | Ludwig van Beethoven | -    | -
        José Ñúñez García        | José Ñúñez García    | -    | -
        Plato                    | Plato                | -    | -
        'Example, Inc.'          | Example, Inc.        | -    | -
        'King, Jr., Martin'      | King, Jr., Martin    | -    | -
        'Lovelace,'              | Lovelace,            | -    | -
        """)
    void namesSplitOnlyWhenUnambiguous(String given, String name, String givenName, String familyName) {
        Citable.Creator creator = Citable.Creator.of(new Author(given, null, null));
        assertThat(creator.name()).isEqualTo(name);
        assertThat(creator.given()).isEqualTo(givenName);
        assertThat(creator.family()).isEqualTo(familyName);
        assertThat(creator.personal()).isEqualTo(familyName != null);
    }

    @ParameterizedTest
    @CsvSource({
        "0000-0002-1694-233X, https://orcid.org/0000-0002-1694-233X",
        "https://orcid.org/0000-0002-1694-233X, https://orcid.org/0000-0002-1694-233X",
    })
    void orcidIsAlwaysTheUriAndMakesAPerson(String orcid, String uri) {
        Citable.Creator creator = Citable.Creator.of(new Author("Plato", orcid, " "));
        assertThat(creator.orcid()).isEqualTo(uri);
        assertThat(creator.personal()).isTrue();
        assertThat(creator.affiliation()).isNull();
    }
}
