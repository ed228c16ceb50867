package org.stele.archive.deposit;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import org.stele.archive.custody.StoredDocuments;
import org.stele.archive.reading.IdentifierDocument;
import org.stele.config.SteleConfig;
import org.stele.domain.Identifier;
import org.stele.domain.catalog.Model;
import org.stele.domain.catalog.PersistentIdentifier;
import org.stele.store.StorageLayout;

/** The one place identifiers are minted: random, checked, and unique in the catalog, never reused. */
@ApplicationScoped
public class IdentifierMinter {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final String prefix;
    private final StoredDocuments documents;

    IdentifierMinter(SteleConfig config, StoredDocuments documents) {
        Identifier.validatePrefix(config.pidPrefix());
        this.prefix = config.pidPrefix();
        this.documents = documents;
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

    /**
     * Ties a minted identifier to its model (and version), and writes its document to storage before the caller's
     * transaction commits: a rebuild then knows it was taken even when its draft is not restored.
     */
    public void link(String pid, long modelId, Long versionId) {
        PersistentIdentifier.update("modelId = ?1, versionId = ?2 where pid = ?3", modelId, versionId, pid);
        PersistentIdentifier reserved = PersistentIdentifier.findById(pid);
        Model model = Model.findById(modelId);
        documents.put(StorageLayout.identifier(pid), new IdentifierDocument(IdentifierDocument.KIND, pid, reserved.kind, model.conceptPid,
                reserved.createdAt), "the document of identifier " + pid);
    }
}
