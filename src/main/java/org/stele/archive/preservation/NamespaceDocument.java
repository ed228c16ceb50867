package org.stele.archive.preservation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What storage keeps of a namespace, so a catalog rebuild restores it with its members and their roles. */
public record NamespaceDocument(String kind, String name, Instant createdAt, List<Member> members) {
    public static final String KIND = "namespace";

    /** A member by user id and (for a reader of the bucket) username, with his role and since when he has one. */
    public record Member(UUID user, String username, String role, Instant since) {
    }
}
