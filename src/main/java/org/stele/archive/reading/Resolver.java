package org.stele.archive.reading;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;
import org.stele.archive.access.Permissions;
import org.stele.archive.custody.VersionCustody;
import org.stele.domain.ArchiveException;
import org.stele.domain.Digest;
import org.stele.domain.ErrorCode;
import org.stele.domain.Identifier;
import org.stele.domain.catalog.Model;
import org.stele.domain.catalog.ModelVersion;
import org.stele.domain.catalog.PersistentIdentifier;
import org.stele.domain.catalog.VersionState;

/** Resolves identifiers (and version names) to what they name, forever: records, concept records, tombstones. */
@ApplicationScoped
public class Resolver {
    private final Permissions permissions;
    private final VersionCustody custody;

    Resolver(Permissions permissions, VersionCustody custody) {
        this.permissions = permissions;
        this.custody = custody;
    }

    /**
     * What a name resolves to. For a version: its record, its model's concept record (for the other
     * versions) and, once withdrawn, its tombstone. For a concept identifier: the concept record only.
     */
    public record Resolution(VersionRecord version, VersionRecord.Concept concept, VersionRecord.Tombstone tombstone,
            VersionCustody.Preservation preservation) {
        public boolean isConcept() {
            return version == null;
        }

        public boolean withdrawn() {
            return tombstone != null;
        }

        /** The record citations are made from. */
        public Object citable() {
            return version != null ? version : concept;
        }

        /** The identifier that names what was resolved. */
        public String pid() {
            return version != null ? version.pid() : concept.pid();
        }
    }

    @Transactional
    public Resolution resolve(String prefix, String suffix) {
        Identifier id = Identifier.parse(prefix, suffix); // a mistyped suffix fails here, without a query
        PersistentIdentifier pid = PersistentIdentifier.findById(id.toString());
        Model model = pid == null || pid.modelId == null ? null : Model.findById(pid.modelId);
        if (model == null || !permissions.canSee(model)) {
            throw new ArchiveException(ErrorCode.IDENTIFIER_NOT_FOUND, "no identifier " + id + " in this archive");
        }
        VersionRecord.Concept concept = VersionRecords.concept(model);
        if (PersistentIdentifier.CONCEPT.equals(pid.kind)) {
            if (concept.versions().isEmpty()) {
                throw notYetPublished(id);
            }
            return new Resolution(null, concept, null, null);
        }
        ModelVersion version = ModelVersion.findById(pid.versionId);
        return switch (version.state) {
            case published, withdrawn -> resolution(model, version, concept);
            case draft -> throw notYetPublished(id);
            case discarded -> throw new ArchiveException(ErrorCode.DRAFT_DISCARDED, id + " was reserved for a draft that was discarded before publication");
        };
    }

    /**
     * The identifier of the version a manifest digest names, for the resolver to answer as that identifier: the newest
     * published version with exactly these files that the caller may see (else the newest withdrawn one).
     *
     * @throws ArchiveException 400 {@code invalid_digest}; 404 {@code identifier_not_found} when no such version is known
     *                          to the caller
     */
    @Transactional
    public String identifierOf(String manifestDigest) {
        Digest digest = Digest.parse(manifestDigest);
        return VersionLookup.byManifest(digest, permissions::canSee).map(v -> v.pid)
                .orElseThrow(() -> new ArchiveException(ErrorCode.IDENTIFIER_NOT_FOUND, "no published version with manifest digest "
                        + digest + " in this archive"));
    }

    /** A version named by label or alias, as the API addresses it; drafts only for those who may see them. */
    @Transactional
    public Resolution resolve(String namespace, String name, String labelOrAlias) {
        Model model = permissions.visible(namespace, name);
        return resolution(model, VersionLookup.find(model, labelOrAlias, permissions.canRead(model.namespace)), VersionRecords.concept(model));
    }

    /** A model as its page shows it, published versions or not. */
    @Transactional
    public Resolution model(String namespace, String name) {
        return new Resolution(null, VersionRecords.concept(permissions.visible(namespace, name)), null, null);
    }

    private Resolution resolution(Model model, ModelVersion version, VersionRecord.Concept concept) {
        boolean withdrawn = version.state == VersionState.withdrawn;
        VersionRecord.Tombstone tombstone = withdrawn ? VersionRecords.tombstone(model, version) : null;
        return new Resolution(VersionRecords.of(model, version), concept, tombstone, withdrawn ? null : custody(version));
    }

    private VersionCustody.Preservation custody(ModelVersion version) {
        return custody.of(version.id, version.pid, version.state == VersionState.published ? version.publishedAt : null);
    }

    /**
     * The preservation status of the version an identifier names, without resolving the rest: what an answer cached
     * for anonymous readers must be keyed by, as it moves with fixity passes and replication and not with the catalog.
     * Empty for concepts, unknown identifiers and versions that are not published.
     */
    @Transactional
    public Optional<VersionCustody.Preservation> custody(String prefix, String suffix) {
        Identifier id = Identifier.parse(prefix, suffix);
        PersistentIdentifier pid = PersistentIdentifier.findById(id.toString());
        if (pid == null || pid.versionId == null || PersistentIdentifier.CONCEPT.equals(pid.kind)) {
            return Optional.empty();
        }
        ModelVersion version = ModelVersion.findById(pid.versionId);
        return version == null || version.state != VersionState.published ? Optional.empty() : Optional.of(custody(version));
    }

    private static ArchiveException notYetPublished(Identifier id) {
        return new ArchiveException(ErrorCode.NOT_YET_PUBLISHED, id + " is reserved; it resolves once its version is published", java.util.Map.of());
    }
}
