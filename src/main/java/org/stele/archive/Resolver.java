package org.stele.archive;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.stele.domain.ArchiveException;
import org.stele.domain.Identifier;
import org.stele.domain.Model;
import org.stele.domain.ModelVersion;
import org.stele.domain.PersistentIdentifier;

/** Resolves identifiers to what they name, forever: records, concept records, or tombstones. */
@ApplicationScoped
public class Resolver {

    /** What an identifier resolves to; {@code gone} means a tombstone, answered with 410. */
    public record Resolution(Object record, boolean gone) {
    }

    @Transactional
    public Resolution resolve(String prefix, String suffix) {
        Identifier id = Identifier.parse(prefix, suffix); // a mistyped suffix fails here, without a query
        PersistentIdentifier pid = PersistentIdentifier.findById(id.toString());
        if (pid == null || pid.modelId == null) {
            throw ArchiveException.notFound("identifier_not_found", "Identifier not found", "no identifier " + id + " in this archive");
        }
        Model model = Model.findById(pid.modelId);
        if (PersistentIdentifier.CONCEPT.equals(pid.kind)) {
            VersionRecord.Concept concept = VersionRecords.concept(model);
            if (concept.versions().isEmpty()) {
                throw notYetPublished(id);
            }
            return new Resolution(concept, false);
        }
        ModelVersion version = ModelVersion.findById(pid.versionId);
        return switch (version.state) {
            case published -> new Resolution(VersionRecords.of(model, version), false);
            case withdrawn -> new Resolution(VersionRecords.tombstone(model, version), true);
            case draft -> throw notYetPublished(id);
            case discarded -> throw ArchiveException.notFound("draft_discarded", "Draft discarded",
                    id + " was reserved for a draft that was discarded before publication");
        };
    }

    private static ArchiveException notYetPublished(Identifier id) {
        return ArchiveException.notFound("not_yet_published", "Not yet published",
                id + " is reserved; it resolves once its version is published");
    }
}
