package org.stele.archive.reading;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What storage keeps of every identifier ever minted, written when it is reserved (a model's concept identifier, a
 * draft's version identifier): a catalog rebuild restores the identifiers of drafts it cannot restore, so that none is
 * ever minted again for something else (identifiers are never reused). {@code names} is {@code concept} or
 * {@code version}; {@code conceptPid} the model's identifier.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IdentifierDocument(String kind, String pid, String names, String conceptPid, Instant reservedAt) {
    public static final String KIND = "identifier";
}
