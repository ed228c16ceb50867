package org.stele.archive.reading;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.stele.domain.Author;

/** A model as the API shows it: its metadata, concept identifier, visibility ({@code public} or {@code restricted}), versions and aliases. */
public record ModelView(String namespace, String name, String title, String description, List<Author> authors,
        String license, List<String> keywords, String conceptPid, String visibility, Instant createdAt, Instant updatedAt,
        List<VersionRecord.VersionRef> versions, Map<String, String> aliases) {
}
