package org.stele.archive.reading;

import io.quarkus.hibernate.orm.panache.Panache;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    /** Levels drawn each way from a model, and the most models a graph holds: a page stays small and quick. */
    static final int DEPTH = 3;
    static final int MAX_NODES = 40;

    private Lineage() {
    }

    /**
     * The lineage graph around a model: upstream from the bases of its latest version ({@code latest}, may be null),
     * level by level through each base's own latest version (one query per level); downstream through the search
     * index in one recursive query. Only public models appear, as in records: a page must not reveal restricted ones.
     */
    static LineageGraph graph(Model model, VersionRecord latest) {
        String self = key(model.namespace, model.name);
        Map<String, LineageGraph.Node> nodes = new LinkedHashMap<>();
        Set<LineageGraph.Edge> edges = new LinkedHashSet<>();
        nodes.put(self, new LineageGraph.Node(self, model.namespace + "/" + model.name, model.conceptPid, null, false, 0));
        Map<String, List<VersionRecord.ModelLink>> frontier = new LinkedHashMap<>();
        frontier.put(self, latest == null || latest.facts() == null ? List.of() : latest.facts().derivedFrom());
        for (int depth = 1; depth <= DEPTH && !frontier.isEmpty(); depth++) {
            Set<String> next = new LinkedHashSet<>();
            for (Map.Entry<String, List<VersionRecord.ModelLink>> child : frontier.entrySet()) {
                for (VersionRecord.ModelLink base : child.getValue()) {
                    boolean internal = base.namespace() != null;
                    String key = internal ? key(base.namespace(), base.name()) : "external:" + base.ref();
                    if (!nodes.containsKey(key)) {
                        if (nodes.size() >= MAX_NODES) {
                            continue;
                        }
                        nodes.put(key, internal
                                ? new LineageGraph.Node(key, base.namespace() + "/" + base.name(), concept(base), null, false, -depth)
                                : new LineageGraph.Node(key, base.ref(), null, base.url(), true, -depth));
                        if (internal) {
                            next.add(key);
                        }
                    }
                    edges.add(new LineageGraph.Edge(key, child.getKey(), base.relation()));
                }
            }
            frontier = next.isEmpty() || depth == DEPTH ? Map.of() : basesOf(next);
        }
        derivativesOf(self, nodes, edges);
        return new LineageGraph(List.copyOf(nodes.values()), List.copyOf(edges));
    }

    private static String key(String namespace, String name) {
        return (namespace + "/" + name).toLowerCase(java.util.Locale.ROOT);
    }

    /** The concept identifier of a linked model (a link to one version carries the version's). */
    private static String concept(VersionRecord.ModelLink link) {
        return link.version() == null ? link.pid() : Model.byName(link.namespace(), link.name()).map(m -> m.conceptPid).orElse(null);
    }

    /** The resolved {@code base_model} entries of each public model's latest published version, by model key. */
    private static Map<String, List<VersionRecord.ModelLink>> basesOf(Set<String> keys) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                select distinct on (m.id) lower(m.namespace || '/' || m.name),
                       (select string_agg(b, chr(10)) from jsonb_array_elements_text(case jsonb_typeof(f.facts -> 'card' -> 'base_model')
                           when 'array' then f.facts -> 'card' -> 'base_model' when 'string' then jsonb_build_array(f.facts -> 'card' -> 'base_model')
                           else '[]'::jsonb end) b),
                       f.facts -> 'card' ->> 'base_model_relation'
                from model m
                join model_version v on v.id = (select l.id from model_version l where l.model_id = m.id and l.state = 'published'
                                                order by l.published_at desc, l.id desc limit 1)
                join version_file f on f.version_id = v.id
                where lower(m.namespace || '/' || m.name) = any(cast(:keys as text[])) and m.visibility = 'public'
                  and f.facts -> 'card' is not null
                order by m.id, (f.path <> 'README.md'), f.path""")
                .setParameter("keys", textArray(keys))
                .getResultList();
        Map<String, List<VersionRecord.ModelLink>> out = new LinkedHashMap<>();
        for (Object[] row : rows) {
            List<String> refs = row[1] == null ? List.of() : List.of(((String) row[1]).split("\n"));
            String relation = (String) row[2];
            out.put((String) row[0], refs.stream().filter(ref -> !ref.isBlank()).distinct().limit(32).map(ref -> resolve(ref.strip(), relation)).toList());
        }
        return out;
    }

    /** Adds the public models derived from {@code self}, {@link #DEPTH} levels down, in one recursive query over the index. */
    private static void derivativesOf(String self, Map<String, LineageGraph.Node> nodes, Set<LineageGraph.Edge> edges) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                with recursive down(child, namespace, name, concept_pid, parent, depth) as (
                    select lower(e.namespace || '/' || e.name), e.namespace, e.name, e.concept_pid, cast(:self as text), 1
                    from search_entry e join model_version v on v.id = e.version_id join model m on m.id = v.model_id
                    where e.base_models @> array[cast(:self as text)] and m.visibility = 'public'
                  union
                    select lower(e.namespace || '/' || e.name), e.namespace, e.name, e.concept_pid, d.child, d.depth + 1
                    from down d join search_entry e on e.base_models @> array[d.child]
                    join model_version v on v.id = e.version_id join model m on m.id = v.model_id
                    where d.depth < :depth and m.visibility = 'public')
                select child, min(namespace), min(name), min(concept_pid), parent, min(depth) from down
                where child <> parent group by child, parent order by 6, 1 limit :limit""")
                .setParameter("self", self)
                .setParameter("depth", DEPTH)
                .setParameter("limit", MAX_NODES * 2)
                .getResultList();
        for (Object[] row : rows) {
            String child = (String) row[0];
            if (!nodes.containsKey(child)) {
                if (nodes.size() >= MAX_NODES) {
                    continue;
                }
                nodes.put(child, new LineageGraph.Node(child, row[1] + "/" + row[2], (String) row[3], null, false,
                        ((Number) row[5]).intValue()));
            }
            if (nodes.containsKey((String) row[4])) {
                edges.add(new LineageGraph.Edge((String) row[4], child, null));
            }
        }
    }

    private static String textArray(Set<String> values) {
        return "{" + String.join(",", values.stream().map(r -> "\"" + r.replace("\"", "") + "\"").toList()) + "}";
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
                .setParameter("refs", textArray(new LinkedHashSet<>(refs)))
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
