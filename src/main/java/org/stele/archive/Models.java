package org.stele.archive;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stele.domain.Alias;
import org.stele.domain.ArchiveException;
import org.stele.domain.Description;
import org.stele.domain.Model;
import org.stele.domain.ModelName;
import org.stele.domain.ModelVersion;
import org.stele.domain.Namespace;
import org.stele.domain.PersistentIdentifier;
import org.stele.domain.Timestamps;
import org.stele.domain.VersionState;

/** Models: create with a reserved concept identifier, edit their metadata, find and list them. */
@ApplicationScoped
public class Models {
    static final int MAX_PAGE = 200;

    private final IdentifierMinter minter;
    private final VersionRecords records;

    Models(IdentifierMinter minter, VersionRecords records) {
        this.minter = minter;
        this.records = records;
    }

    @Transactional
    public ModelView create(String namespace, String name, Description fields, boolean privileged) {
        ModelName.check(namespace, "namespace");
        ModelName.check(name, "name");
        Description checked = fields.validated();
        if (checked.title() == null || checked.license() == null) {
            throw Description.invalid("a model needs a title and a license (an SPDX identifier or 'other')");
        }
        if (Model.byName(namespace, name).isPresent()) {
            throw ArchiveException.conflict("model_exists", "Model exists", "the model " + namespace + "/" + name + " exists already");
        }
        Model model = new Model();
        model.namespace = Namespace.ensure(namespace);
        model.name = name;
        model.description = checked.over(new Description(null, "", List.of(), null, List.of()));
        model.createdAt = Timestamps.now();
        model.updatedAt = model.createdAt;
        model.conceptPid = minter.mint(PersistentIdentifier.CONCEPT);
        model.persist();
        minter.link(model.conceptPid, model.id, null);
        records.store(model);
        return view(model, privileged);
    }

    @Transactional
    public ModelView update(String namespace, String name, Description patch, boolean privileged) {
        Model model = find(namespace, name);
        model.description = patch.validated().over(model.description);
        model.updatedAt = Timestamps.now();
        records.store(model);
        return view(model, privileged);
    }

    @Transactional
    public ModelView get(String namespace, String name, boolean privileged) {
        return view(find(namespace, name), privileged);
    }

    /** Models by creation order, optionally in one namespace; keyset-paginated. */
    @Transactional
    public Page<ModelView> list(Optional<String> namespace, int limit, Optional<String> cursor, boolean privileged) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw ArchiveException.badRequest("invalid_limit", "Invalid limit", "limit must be 1 to " + MAX_PAGE);
        }
        long after = cursor.map(Models::decodeCursor).orElse(0L);
        List<Model> models = namespace.isPresent()
                ? Model.<Model>find("id > ?1 and lower(namespace) = lower(?2) order by id", after, namespace.get()).page(0, limit + 1).list()
                : Model.<Model>find("id > ?1 order by id", after).page(0, limit + 1).list();
        boolean more = models.size() > limit;
        List<Model> page = more ? models.subList(0, limit) : models;
        String next = more ? encodeCursor(page.get(page.size() - 1).id) : null;
        return new Page<>(page.stream().map(m -> view(m, privileged)).toList(), next);
    }

    /** A line of the home page: a published version, or a model when searching by name. */
    public record Listing(String title, String repoId, String label, String pid, java.time.Instant publishedAt) {
    }

    /** The newest publications across the archive. */
    @Transactional
    public List<Listing> recentPublications(int limit) {
        return ModelVersion.<ModelVersion>find("state = ?1 order by publishedAt desc, id desc", VersionState.published)
                .page(0, limit).list().stream()
                .map(v -> {
                    Model model = Model.findById(v.modelId);
                    return new Listing(v.description.title(), model.namespace + "/" + model.name, v.label, v.pid, v.publishedAt);
                })
                .toList();
    }

    /** The model, or 404 {@code model_not_found}. Call inside a transaction. */
    public static Model find(String namespace, String name) {
        return Model.byName(namespace, name).orElseThrow(() -> ArchiveException.notFound("model_not_found",
                "Model not found", "no model " + namespace + "/" + name));
    }

    private static ModelView view(Model model, boolean privileged) {
        List<VersionRecord.VersionRef> versions = ModelVersion.<ModelVersion>list("modelId = ?1 order by id", model.id).stream()
                .filter(v -> v.state != VersionState.discarded && (privileged || v.state != VersionState.draft))
                .map(VersionRecords::ref)
                .toList();
        Map<String, String> aliases = new LinkedHashMap<>();
        Versions.latest(model.id).ifPresent(v -> aliases.put(Alias.LATEST, v.label));
        for (Alias alias : Alias.<Alias>list("key.modelId = ?1 order by key.name", model.id)) {
            ModelVersion target = ModelVersion.findById(alias.versionId);
            aliases.put(alias.key.name, target.label);
        }
        Description d = model.description;
        return new ModelView(model.namespace, model.name, d.title(), d.description(), d.authors(), d.license(),
                d.keywords(), model.conceptPid, model.createdAt, model.updatedAt, versions, aliases);
    }

    private static String encodeCursor(long id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("m" + id).getBytes(StandardCharsets.UTF_8));
    }

    private static long decodeCursor(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!text.startsWith("m")) {
                throw new IllegalArgumentException();
            }
            return Long.parseLong(text.substring(1));
        } catch (IllegalArgumentException e) {
            throw ArchiveException.badRequest("invalid_cursor", "Invalid cursor", "the cursor is not one this API gave out");
        }
    }
}
