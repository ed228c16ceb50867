package org.stele.archive.reading;

import io.quarkus.hibernate.orm.panache.Panache;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stele.domain.ArchiveException;
import org.stele.domain.Identifier;
import org.stele.domain.catalog.Model;
import org.stele.domain.catalog.ModelVersion;
import org.stele.domain.catalog.PersistentIdentifier;
import org.stele.domain.catalog.VersionState;
import org.stele.domain.files.ModelCard;

/**
 * Model lineage from cards: a {@code base_model} naming a model of this archive ({@code ns/name},
 * {@code ns/name@version}, or an identifier, bare or as a {@code doi.org}/{@code /pid/} URL) links both
 * ways; anything else stays an external reference (a Hugging Face Hub id gets its Hub URL). Computed when
 * a record is built, so a base model archived later is linked from then on. Call inside a transaction.
 */
final class Lineage {
    private static final Pattern NAME_AT_VERSION = Pattern.compile("([A-Za-z0-9][\\w.-]*)/([A-Za-z0-9][\\w.-]*)(?:@(.+))?");
    private static final Pattern PID = Pattern.compile("(?:.*?(?:doi\\.org/|/pid/|^doi:))?([0-9][0-9.]*[0-9])/([0-9A-Za-z-]+)");

    private Lineage() {
    }

    /** What a card's {@code base_model} entries point at, in card order. */
    static List<VersionRecord.ModelLink> derivedFrom(Map<String, Object> card) {
        if (card == null) {
            return List.of();
        }
        String relation = card.get("base_model_relation") instanceof String s ? s : null;
        return ModelCard.strings(card.get("base_model")).stream().distinct().limit(32).map(ref -> resolve(ref.strip(), relation)).toList();
    }

    /** Published versions whose cards name this version, its model, or their identifiers as base model. */
    static List<VersionRecord.ModelLink> derivatives(Model model, ModelVersion version) {
        // The spellings resolve() accepts, except /pid/ URLs on some base (the base URL is not known here).
        Set<String> names = new LinkedHashSet<>(List.of(model.namespace + "/" + model.name + "@" + version.label,
                model.namespace + "/" + model.name));
        for (String pid : List.of(version.pid, model.conceptPid)) {
            names.addAll(List.of(pid, "doi:" + pid, "https://doi.org/" + pid));
        }
        List<String> refs = new ArrayList<>(names);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                select distinct m.namespace, m.name, v.label, v.pid, v.published_at, v.id
                from version_file f
                join model_version v on v.id = f.version_id
                join model m on m.id = v.model_id
                where v.state = 'published' and v.id <> :self and m.visibility = 'public'
                  and jsonb_exists_any(f.facts -> 'card' -> 'base_model', cast(:refs as text[]))
                order by v.published_at, v.id""")
                .setParameter("self", version.id)
                .setParameter("refs", "{" + String.join(",", refs.stream().map(r -> "\"" + r.replace("\"", "") + "\"").toList()) + "}")
                .getResultList();
        return rows.stream().map(r -> new VersionRecord.ModelLink(r[0] + "/" + r[1] + "@" + r[2], (String) r[3],
                (String) r[0], (String) r[1], (String) r[2], null, null)).toList();
    }

    static VersionRecord.ModelLink resolve(String ref, String relation) {
        Matcher pid = PID.matcher(ref);
        if (pid.matches()) {
            Optional<VersionRecord.ModelLink> found = byPid(ref, pid.group(1), pid.group(2), relation);
            if (found.isPresent()) {
                return found.get();
            }
            if (pid.group(1).startsWith("10.")) {
                return new VersionRecord.ModelLink(ref, null, null, null, null,
                        "https://doi.org/" + pid.group(1) + "/" + pid.group(2), relation);
            }
        }
        Matcher name = NAME_AT_VERSION.matcher(ref);
        if (name.matches()) {
            // Restricted models are never linked: a public record must not reveal them.
            Optional<Model> model = Model.byName(name.group(1), name.group(2)).filter(m -> !m.restricted());
            if (model.isPresent() && name.group(3) == null) {
                Model m = model.get();
                return new VersionRecord.ModelLink(ref, m.conceptPid, m.namespace, m.name, null, null, relation);
            }
            Optional<ModelVersion> version = model.flatMap(m -> ModelVersion.byLabel(m.id, name.group(3), false))
                    .filter(v -> v.state == VersionState.published || v.state == VersionState.withdrawn);
            if (version.isPresent()) {
                Model m = model.get();
                return new VersionRecord.ModelLink(ref, version.get().pid, m.namespace, m.name, version.get().label, null, relation);
            }
            if (name.group(3) == null) {
                return new VersionRecord.ModelLink(ref, null, null, null, null, "https://huggingface.co/" + ref, relation);
            }
        }
        String url = ref.startsWith("https://") || ref.startsWith("http://") ? ref : null;
        return new VersionRecord.ModelLink(ref, null, null, null, null, url, relation);
    }

    private static Optional<VersionRecord.ModelLink> byPid(String ref, String prefix, String suffix, String relation) {
        Identifier id;
        try {
            id = Identifier.parse(prefix, suffix);
        } catch (ArchiveException | IllegalArgumentException e) {
            return Optional.empty();
        }
        PersistentIdentifier pid = PersistentIdentifier.findById(id.toString());
        if (pid == null || pid.modelId == null) {
            return Optional.empty();
        }
        Model model = Model.findById(pid.modelId);
        if (model.restricted()) {
            return Optional.empty();
        }
        if (PersistentIdentifier.CONCEPT.equals(pid.kind)) {
            return Optional.of(new VersionRecord.ModelLink(ref, pid.pid, model.namespace, model.name, null, null, relation));
        }
        ModelVersion version = ModelVersion.findById(pid.versionId);
        if (version.state != VersionState.published && version.state != VersionState.withdrawn) {
            return Optional.empty();
        }
        return Optional.of(new VersionRecord.ModelLink(ref, pid.pid, model.namespace, model.name, version.label, null, relation));
    }
}
