package org.stele.domain;

import jakarta.persistence.Embeddable;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * Descriptive metadata: title, description, authors, license and keywords. A model carries all of them; a
 * draft version only those it overrides (the rest null), and publishing freezes the effective values into
 * the version. {@link #validated} checks what is present and canonicalises it.
 */
@Embeddable
public record Description(String title, String description, @JdbcTypeCode(SqlTypes.JSON) List<Author> authors,
        String license, @JdbcTypeCode(SqlTypes.JSON) List<String> keywords) {
    /** Nothing given: every field falls back. */
    public static final Description NONE = new Description(null, null, null, null, null);

    private static final int MAX_KEYWORDS = 50;

    public Description validated() {
        if (title != null && (title.isBlank() || title.length() > 1000)) {
            throw invalid("title must be 1 to 1000 characters");
        }
        if (description != null && description.length() > 100_000) {
            throw invalid("description must be at most 100000 characters");
        }
        List<Author> checkedAuthors = null;
        if (authors != null) {
            checkedAuthors = new ArrayList<>();
            for (Author author : authors) {
                if (author == null || author.name() == null || author.name().isBlank()) {
                    throw invalid("every author needs a name");
                }
                checkedAuthors.add(new Author(author.name().trim(),
                        author.orcid() == null ? null : Orcid.check(author.orcid()), author.affiliation()));
            }
        }
        if (keywords != null && (keywords.size() > MAX_KEYWORDS
                || keywords.stream().anyMatch(k -> k == null || k.isBlank() || k.length() > 100))) {
            throw invalid("keywords: at most " + MAX_KEYWORDS + ", each 1 to 100 characters");
        }
        return new Description(title, description, checkedAuthors, license == null ? null : License.check(license),
                keywords);
    }

    /** Fields of {@code this}, falling back to {@code defaults} where absent. */
    public Description over(Description defaults) {
        if (defaults == null) {
            return this;
        }
        return new Description(
                title != null ? title : defaults.title,
                description != null ? description : defaults.description,
                authors != null ? authors : defaults.authors,
                license != null ? license : defaults.license,
                keywords != null ? keywords : defaults.keywords);
    }

    public static ArchiveException invalid(String detail) {
        return new ArchiveException(ErrorCode.INVALID_METADATA, detail);
    }
}
