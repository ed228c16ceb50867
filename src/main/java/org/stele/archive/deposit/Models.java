package org.stele.archive.deposit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stele.archive.access.AuditTrail;
import org.stele.archive.access.Permissions;
import org.stele.archive.notification.EventOutbox;
import org.stele.archive.reading.ModelView;
import org.stele.archive.reading.VersionLookup;
import org.stele.archive.reading.VersionRecord;
import org.stele.archive.reading.VersionRecords;
import org.stele.domain.ArchiveException;
import org.stele.domain.Description;
import org.stele.domain.ErrorCode;
import org.stele.domain.License;
import org.stele.domain.ModelName;
import org.stele.domain.Page;
import org.stele.domain.Timestamps;
import org.stele.domain.catalog.Alias;
import org.stele.domain.catalog.AccountChanged;
import org.stele.domain.catalog.Model;
import org.stele.domain.catalog.ModelVersion;
import org.stele.domain.catalog.Namespace;
import org.stele.domain.catalog.PersistentIdentifier;
import org.stele.domain.catalog.Role;
import org.stele.domain.catalog.Scope;
import org.stele.domain.catalog.VersionState;

/** Models: create with a reserved concept identifier, edit their metadata, find and list them. */
@ApplicationScoped
public class Models {
    static final int MAX_PAGE = 200;

    private final IdentifierMinter minter;
    private final Event<AccountChanged> changed;
    private final Permissions permissions;
    private final AuditTrail audit;
    private final VersionRecords records;
    private final EventOutbox outbox;

    Models(IdentifierMinter minter, Permissions permissions, AuditTrail audit, VersionRecords records, Event<AccountChanged> changed,
            EventOutbox outbox) {
        this.outbox = outbox;
        this.changed = changed;
        this.minter = minter;
        this.permissions = permissions;
        this.audit = audit;
        this.records = records;
    }

    @Transactional
    public ModelView create(String namespace, String name, Description fields, String visibility) {
        permissions.requireNamespace(ModelName.check(namespace, "namespace"), Role.maintainer, Scope.write);
        ModelName.check(namespace, "namespace");
        ModelName.check(name, "name");
        Description checked = fields.validated();
        if (checked.title() == null || checked.license() == null) {
            throw Description.invalid("a model needs a title and a license (an SPDX identifier or 'other')");
        }
        if (Model.byName(namespace, name).isPresent()) {
            throw new ArchiveException(ErrorCode.MODEL_EXISTS, "the model " + namespace + "/" + name + " exists already");
        }
        return persist(namespace, name, checked.over(new Description(null, "", List.of(), null, List.of())),
                visibility == null ? Model.PUBLIC : checkVisibility(visibility));
    }

    private ModelView persist(String namespace, String name, Description description, String visibility) {
        Model model = new Model();
        model.namespace = Namespace.ensure(namespace);
        model.name = name;
        model.description = description;
        model.createdAt = Timestamps.now();
        model.updatedAt = model.createdAt;
        model.visibility = visibility;
        model.conceptPid = minter.mint(PersistentIdentifier.CONCEPT);
        model.persist();
        minter.link(model.conceptPid, model.id, null);
        audit.record("model.created", model.repoId(), Optional.of(model.namespace),
                Map.of("conceptPid", model.conceptPid, "visibility", model.visibility));
        outbox.modelCreated(model);
        records.store(model);
        changed.fire(AccountChanged.ofNamespace(model.namespace)); // the namespace may be new
        return view(model);
    }

    /** The licence of a model created through the Hugging Face API until its card or the model names one. */
    public static final String NO_LICENSE = "NOASSERTION";

    /**
     * A model as the Hub's {@code create_repo} makes it: titled by its name, with the licence given or none yet
     * (publishing asks for one, from the model card), public or restricted ({@code private}).
     */
    @Transactional
    public ModelView createForHub(String namespace, String name, boolean restricted, Optional<String> license) {
        permissions.requireNamespace(ModelName.check(namespace, "namespace"), Role.maintainer, Scope.write);
        ModelName.check(name, "name");
        if (Model.byName(namespace, name).isPresent()) {
            throw new ArchiveException(ErrorCode.MODEL_EXISTS, "You already created this model repo");
        }
        return persist(namespace, name, new Description(name, "", List.of(), license.map(License::check).orElse(NO_LICENSE), List.of()), restricted ? Model.RESTRICTED : Model.PUBLIC);
    }

    /** Edits the description; {@code visibility}, when given, makes the model public or restricted. */
    @Transactional
    public ModelView update(String namespace, String name, Description patch, String visibility) {
        permissions.requireModel(namespace, name, visibility == null ? Role.maintainer : Role.owner, Scope.write);
        Model model = Model.named(namespace, name);
        Description before = model.description;
        model.description = patch.validated().over(model.description);
        if (!model.description.equals(before)) {
            model.updatedAt = Timestamps.now();
            audit.record("model.updated", model.repoId(), Optional.of(model.namespace), Map.of());
        }
        if (visibility != null && !checkVisibility(visibility).equals(model.visibility)) {
            audit.record("visibility.changed", model.repoId(), Optional.of(model.namespace),
                    Map.of("from", model.visibility, "to", visibility));
            String from = model.visibility;
            model.visibility = visibility;
            outbox.visibilityChanged(model, from);
            model.updatedAt = Timestamps.now();
        }
        records.store(model);
        return view(model);
    }

    @Transactional
    public ModelView get(String namespace, String name) {
        return view(permissions.visible(namespace, name));
    }

    /** Models by creation order, optionally in one namespace; keyset-paginated. */
    @Transactional
    public Page<ModelView> list(Optional<String> namespace, int limit, Optional<String> cursor) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new ArchiveException(ErrorCode.INVALID_LIMIT, "limit must be 1 to " + MAX_PAGE);
        }
        long after = cursor.map(c -> Page.idFromCursor('m', c)).orElse(0L);
        // Restricted models the caller may not see are skipped; batches keep a page full whatever they skip.
        List<Model> page = new java.util.ArrayList<>();
        boolean more = false;
        while (page.size() <= limit) {
            List<Model> batch = namespace.isPresent()
                    ? Model.<Model>find("id > ?1 and lower(namespace) = lower(?2) order by id", after, namespace.get()).page(0, limit + 1).list()
                    : Model.<Model>find("id > ?1 order by id", after).page(0, limit + 1).list();
            batch.stream().filter(permissions::canSee).forEach(page::add);
            if (batch.size() <= limit) {
                break;
            }
            after = batch.get(batch.size() - 1).id;
        }
        if (page.size() > limit) {
            more = true;
            page = page.subList(0, limit);
        }
        String next = more ? Page.idCursor('m', page.get(page.size() - 1).id) : null;
        return new Page<>(page.stream().map(this::view).toList(), next);
    }

    private static String checkVisibility(String visibility) {
        if (!Model.PUBLIC.equals(visibility) && !Model.RESTRICTED.equals(visibility)) {
            throw new ArchiveException(ErrorCode.INVALID_VISIBILITY, "visibility is public or restricted");
        }
        return visibility;
    }

    private ModelView view(Model model) {
        boolean privileged = permissions.canRead(model.namespace);
        List<VersionRecord.VersionRef> versions = ModelVersion.<ModelVersion>list("modelId = ?1 order by id", model.id).stream()
                .filter(v -> v.state != VersionState.discarded && (privileged || v.state != VersionState.draft))
                .map(VersionRecords::ref)
                .toList();
        Map<String, String> aliases = new LinkedHashMap<>();
        VersionLookup.latest(model.id).ifPresent(v -> aliases.put(Alias.LATEST, v.label));
        for (Alias alias : Alias.<Alias>list("key.modelId = ?1 order by key.name", model.id)) {
            ModelVersion target = ModelVersion.findById(alias.versionId);
            aliases.put(alias.key.name, target.label);
        }
        Description d = model.description;
        return new ModelView(model.namespace, model.name, d.title(), d.description(), d.authors(), d.license(),
                d.keywords(), model.conceptPid, model.visibility, model.createdAt, model.updatedAt, versions, aliases);
    }
}
