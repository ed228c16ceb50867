package org.stele.archive.deposit;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import org.stele.config.SteleConfig;
import org.stele.domain.Identifier;
import org.stele.domain.catalog.PersistentIdentifier;

/** The one place identifiers are minted: random, checked, and unique in the catalog, never reused. */
@ApplicationScoped
public class IdentifierMinter {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final String prefix;

    IdentifierMinter(SteleConfig config) {
        Identifier.validatePrefix(config.pidPrefix());
        this.prefix = config.pidPrefix();
    }

    /** Reserves a fresh identifier inside the caller's transaction; {@link #link} ties it to what it names. */
    public String mint(String kind) {
        while (true) {
            String pid = Identifier.mint(prefix, RANDOM).toString();
            if (PersistentIdentifier.reserve(pid, kind)) {
                return pid;
            }
            // 2^30 suffixes per prefix: a collision is rare, drawing again is the answer.
        }
    }

    public void link(String pid, long modelId, Long versionId) {
        PersistentIdentifier.update("modelId = ?1, versionId = ?2 where pid = ?3", modelId, versionId, pid);
    }
}
