package org.stele.archive.preservation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;
import org.stele.domain.catalog.AppUser;

/**
 * What storage keeps of a user, so a catalog rebuild restores him: who he is, never a secret (tokens are re-issued
 * after a rebuild).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserDocument(String kind, UUID id, String username, String name, String email, boolean admin, Instant createdAt) {
    public static final String KIND = "user";

    static UserDocument of(AppUser user) {
        return new UserDocument(KIND, user.id, user.username, user.name, user.email, user.admin, user.createdAt);
    }
}
