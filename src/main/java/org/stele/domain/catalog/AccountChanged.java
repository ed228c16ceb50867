package org.stele.domain.catalog;

import java.util.UUID;

/**
 * A user or a namespace (with its members) changed. Fired as a synchronous CDI event inside the transaction that made
 * the change, so that its stored document is rewritten before that transaction commits; the use cases that change
 * accounts need not know storage. Exactly one of {@code user} and {@code namespace} is set.
 */
public record AccountChanged(UUID user, String namespace) {
    public static AccountChanged ofUser(UUID id) {
        return new AccountChanged(id, null);
    }

    public static AccountChanged ofNamespace(String name) {
        return new AccountChanged(null, name);
    }
}
