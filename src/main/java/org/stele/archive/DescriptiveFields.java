package org.stele.archive;

import java.util.ArrayList;
import java.util.List;
import org.stele.domain.ArchiveException;
import org.stele.domain.Author;
import org.stele.domain.License;
import org.stele.domain.Orcid;

/**
 * Title, description, authors, license and keywords, as a model carries them and a version may override
 * them. Any field may be null (absent); {@link #validated} checks what is present and canonicalises it.
 */
public record DescriptiveFields(String title, String description, List<Author> authors, String license, List<String> keywords) {
    private static final int MAX_KEYWORDS = 50;

    public DescriptiveFields validated() {
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
        return new DescriptiveFields(title, description, checkedAuthors, license == null ? null : License.check(license),
                keywords);
    }

    /** Fields of {@code this}, falling back to {@code defaults} where absent. */
    public DescriptiveFields over(DescriptiveFields defaults) {
        return new DescriptiveFields(
                title != null ? title : defaults.title,
                description != null ? description : defaults.description,
                authors != null ? authors : defaults.authors,
                license != null ? license : defaults.license,
                keywords != null ? keywords : defaults.keywords);
    }

    static ArchiveException invalid(String detail) {
        return ArchiveException.badRequest("invalid_metadata", "Invalid metadata", detail);
    }
}
