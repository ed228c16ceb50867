package org.stele.archive.reading;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.stele.domain.Author;

/**
 * What storage keeps of a model besides its version records, so the catalog can be rebuilt from the bucket alone:
 * the model's own description and its aliases. Stored at its concept identifier's record key, rewritten whenever
 * the model's description or an alias changes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelDocument(String kind, String pid, String namespace, String name, String title, String description,
        List<Author> authors, String license, List<String> keywords, Instant createdAt, Instant updatedAt,
        Map<String, String> aliases, String visibility) {
    public static final String KIND = "model";
}
