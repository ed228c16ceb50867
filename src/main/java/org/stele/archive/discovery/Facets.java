package org.stele.archive.discovery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stele.archive.access.Permissions;
import org.stele.archive.reading.CatalogCache;

/**
 * How many published versions a search matches, split by namespace, licence, task, library, tag and whether a
 * depositor signed them: SQL aggregates over the search index in one statement, over exactly the rows
 * {@link Search#find} would list. Answers for readers who may read no restricted namespace are the same for all of
 * them, so they are kept in the {@link CatalogCache} until the catalog changes.
 */
@ApplicationScoped
public class Facets {
    /** Values shown per facet, most frequent first. */
    public static final int SHOWN = 20;
    /** The facets, by the query parameter that filters on each. */
    public static final List<String> NAMES = List.of("namespace", "license", "pipelineTag", "library", "tag", "signed");

    private final Search search;
    private final Permissions permissions;
    private final CatalogCache cache;

    Facets(Search search, Permissions permissions, CatalogCache cache) {
        this.search = search;
        this.permissions = permissions;
        this.cache = cache;
    }

    /** One value of a facet and how many matching versions have it; {@code value} null for "none given". */
    public record Count(String value, long count) {
    }

    /**
     * The totals and facets of a query. {@code bytes} (distinct stored bytes of the matching versions) only when asked
     * for. Every single-valued facet ({@code tag} is the multi-valued one) counts each version once, so its counts add
     * up to {@code versions} when it has no more than {@link #SHOWN} values.
     */
    public record Summary(long versions, long models, Long bytes, Map<String, List<Count>> facets) {
    }

    /** {@code shared} in the key too: a personal answer is never kept, so it never answers another reader. */
    private record Key(Search.Query query, boolean bytes, boolean shared) {
    }

    /** The summary of the rows {@code query} matches (its sort, cursor and limit are ignored). */
    @Transactional
    public Summary of(Search.Query query, boolean withBytes) {
        Search.Query rows = new Search.Query(query.q(), query.namespace(), query.license(), query.tag(), query.library(),
                query.pipelineTag(), query.baseModel(), query.dataset(), null, null, null, query.signed());
        boolean shared = !permissions.isAdmin() && permissions.readableNamespaces().isEmpty();
        return cache.get(new Key(rows, withBytes, shared), () -> {
            Summary summary = compute(rows, withBytes);
            return shared ? CatalogCache.Computed.shared(summary, 128 * (1 + summary.facets().values().stream().mapToInt(List::size).sum()))
                    : CatalogCache.Computed.personal(summary);
        });
    }

    private Summary compute(Search.Query query, boolean withBytes) {
        Search.Scope scope = search.scope(query);
        StringBuilder sql = new StringBuilder("with m as materialized (select e.version_id, e.namespace, e.concept_pid, e.tags, e.signed,"
                + " coalesce(lower(e.license), e.card_license) as license, e.pipeline_tag, e.library from ")
                .append(scope.from()).append(" where ").append(scope.where()).append(")\n")
                .append("select 'versions', null, count(*) from m\n")
                .append("union all select 'models', null, count(distinct concept_pid) from m\n");
        for (String[] facet : new String[][] {{"namespace", "namespace"}, {"license", "license"}, {"pipelineTag", "pipeline_tag"},
            {"library", "library"}, {"signed", "signed::text"}}) {
            sql.append("union all (select '").append(facet[0]).append("', ").append(facet[1])
                    .append(", count(*) from m group by 2 order by 3 desc, 2 limit ").append(SHOWN).append(")\n");
        }
        sql.append("union all (select 'tag', t, count(*) from m, unnest(m.tags) t group by 2 order by 3 desc, 2 limit ")
                .append(SHOWN).append(")\n");
        if (withBytes) {
            // Each stored blob once, however many files and versions hold it.
            sql.append("union all select 'bytes', null, coalesce(sum(size), 0) from (select distinct f.digest, f.size"
                    + " from version_file f join m on m.version_id = f.version_id) b\n");
        }
        return Search.work(c -> {
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < scope.params().size(); i++) {
                    s.setObject(i + 1, scope.params().get(i));
                }
                long versions = 0;
                long models = 0;
                Long bytes = null;
                Map<String, List<Count>> facets = new LinkedHashMap<>();
                NAMES.forEach(name -> facets.put(name, new ArrayList<>()));
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        String facet = r.getString(1);
                        long count = r.getLong(3);
                        switch (facet) {
                            case "versions" -> versions = count;
                            case "models" -> models = count;
                            case "bytes" -> bytes = count;
                            default -> facets.get(facet).add(new Count(r.getString(2), count));
                        }
                    }
                }
                return new Summary(versions, models, bytes, facets);
            }
        });
    }
}
