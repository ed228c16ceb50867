package org.stele.archive.harvesting;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stele.archive.citation.CitationFormat;
import org.stele.archive.citation.Citations;
import org.stele.archive.reading.Servability;
import org.stele.archive.reading.VersionRecords;
import org.stele.archive.registration.RegisteredDois;
import org.stele.domain.ArchiveException;
import org.stele.domain.Identifier;
import org.stele.domain.Timestamps;
import org.stele.domain.catalog.Model;
import org.stele.domain.catalog.ModelVersion;
import org.stele.domain.catalog.VersionState;

/**
 * The records a harvester may collect. A record is a version: published (with metadata) or withdrawn (a deleted
 * header, forever), of a public model. The concept (the model as a whole) is no record of its own: its identifier is
 * in every version's relations, and a concept record would repeat the latest version's metadata under a second id.
 * Drafts, discarded drafts, restricted models and published versions under embargo do not exist for harvesters: the
 * rule is {@link Servability} for a caller who is nobody's reader, with the catalog conditions its callers use to find
 * what is known to outsiders (published or withdrawn, public model). A version whose embargo ends enters with the end
 * of its embargo as its datestamp. Deletions are persistent: a version a harvester could have collected whose model is
 * made restricted afterwards stays as a deleted header (V20's {@code oai_withheld}) until the model is public again.
 */
@ApplicationScoped
public class Harvest {
    /** The datestamp of a record; indexed by migration V20 under exactly this expression. */
    private static final String STAMP =
            "(case when v.state = 'withdrawn' then v.oai_datestamp else greatest(v.oai_datestamp, v.embargo_until) end)";
    /** Open to outsiders, with files or gone: withdrawn, or published and not under embargo at :now, in a public model. */
    private static final String OPEN = """
            m.visibility = 'public' and (v.state = 'withdrawn'
                or (v.state = 'published' and (v.embargo_until is null or v.embargo_until <= :now)))""";
    /** A record: open, or withheld (its model restricted after harvesters could collect it, see V20): deleted. */
    private static final String HARVESTABLE = "(" + OPEN + " or v.oai_withheld)";

    private final RegisteredDois registeredDois;

    Harvest(RegisteredDois registeredDois) {
        this.registeredDois = registeredDois;
    }

    /**
     * One record: its header, and its metadata when asked for and not deleted.
     *
     * @param metadata the XML of the record in the format asked for (an XML document); null for deleted records or
     *                 when only headers were asked for
     */
    public record Record(String pid, String namespace, Instant datestamp, boolean deleted, String metadata) {
        public String set() {
            return HarvestSet.of(namespace);
        }
    }

    /**
     * One page of a list.
     *
     * @param cursor           how many records earlier pages held
     * @param completeListSize how many records the whole list holds now
     * @param next             the token for the next page, or null on the last page
     */
    public record Page(List<Record> records, long cursor, long completeListSize, ResumptionToken next) {
    }

    /** A set, with the name and description ListSets gives it. */
    public record SetEntry(String spec, String name) {
    }

    /**
     * The oldest datestamp of any record, which no later record undercuts (datestamps only move forward); when there
     * are no records, now.
     */
    @Transactional
    public Instant earliestDatestamp() {
        Object earliest = Panache.getEntityManager().createNativeQuery("select min(" + STAMP + ") from model_version v"
                + " join model m on m.id = v.model_id where v.state in ('published', 'withdrawn') and " + HARVESTABLE)
                .setParameter("now", Timestamps.now()).getSingleResult();
        return earliest == null ? Timestamps.now() : Timestamps.instant(earliest);
    }

    /** The record of an identifier, if a harvester may know it; its metadata in {@code format} unless null. */
    @Transactional
    public Optional<Record> record(String pid, MetadataFormat format, String baseUrl) {
        int slash = pid.indexOf('/');
        String canonical;
        try {
            canonical = Identifier.parse(pid.substring(0, Math.max(slash, 0)), pid.substring(slash + 1)).toString();
        } catch (ArchiveException | IllegalArgumentException e) {
            return Optional.empty();
        }
        List<Row> rows = rows("v.pid = :pid", Map.of("pid", canonical), 1);
        return rows.stream().findFirst().map(row -> record(row, format, baseUrl));
    }

    /**
     * A page of the records {@code selection} selects, in datestamp order, from the start or after {@code token}'s
     * position.
     *
     * @param withMetadata false for headers only (ListIdentifiers)
     */
    @Transactional
    public Page page(String verb, Selection selection, ResumptionToken token, boolean withMetadata, int pageSize,
            String baseUrl) {
        StringBuilder where = new StringBuilder("true");
        Map<String, Object> parameters = new HashMap<>();
        if (selection.set() != null) {
            if (!HarvestSet.known(selection.set())) {
                return new Page(List.of(), 0, 0, null);
            }
            String namespace = HarvestSet.namespaceOf(selection.set());
            if (namespace != null) {
                where.append(" and lower(m.namespace) = :namespace");
                parameters.put("namespace", namespace);
            }
        }
        if (selection.from() != null) {
            where.append(" and ").append(STAMP).append(" >= :from");
            parameters.put("from", selection.from());
        }
        if (selection.until() != null) {
            where.append(" and ").append(STAMP).append(" < :until");
            parameters.put("until", selection.until());
        }
        long total = count(where.toString(), parameters);
        long cursor = 0;
        if (token != null) {
            // A row comparison, so that the (datestamp, id) index serves it.
            where.append(" and (").append(STAMP).append(", v.id) > (:afterStamp, :afterId)");
            parameters.put("afterStamp", token.afterStamp());
            parameters.put("afterId", token.afterId());
            cursor = token.cursor();
        }
        // One more than a page tells whether another page follows.
        List<Row> rows = rows(where.toString(), parameters, pageSize + 1);
        boolean more = rows.size() > pageSize;
        List<Row> page = more ? rows.subList(0, pageSize) : rows;
        List<Record> records = page.stream().map(row -> record(row, withMetadata ? selection.format() : null, baseUrl)).toList();
        ResumptionToken next = null;
        if (more) {
            Row last = page.get(page.size() - 1);
            next = new ResumptionToken(verb, selection, last.stamp(), last.id(), cursor + page.size());
        }
        return new Page(records, cursor, Math.max(total, cursor + page.size()), next);
    }

    /** The parent set and one set per namespace holding a record. */
    @Transactional
    public List<SetEntry> sets() {
        @SuppressWarnings("unchecked")
        List<String> namespaces = Panache.getEntityManager().createNativeQuery("select distinct m.namespace from model_version v"
                + " join model m on m.id = v.model_id where v.state in ('published', 'withdrawn') and " + HARVESTABLE
                + " order by m.namespace").setParameter("now", Timestamps.now()).getResultList();
        List<SetEntry> sets = new ArrayList<>();
        sets.add(new SetEntry(HarvestSet.NAMESPACES, "Namespaces: the labs and people whose models this archive holds"));
        namespaces.stream().filter(HarvestSet::wellFormed)
                .forEach(ns -> sets.add(new SetEntry(HarvestSet.of(ns), "Models of " + ns)));
        return sets;
    }

    private record Row(long id, long modelId, Instant stamp) {
    }

    private static long count(String where, Map<String, Object> parameters) {
        Query query = Panache.getEntityManager().createNativeQuery("select count(*) from model_version v"
                + " join model m on m.id = v.model_id where v.state in ('published', 'withdrawn') and " + HARVESTABLE
                + " and " + where);
        bind(query, parameters);
        return ((Number) query.getSingleResult()).longValue();
    }

    private static List<Row> rows(String where, Map<String, Object> parameters, int limit) {
        Query query = Panache.getEntityManager().createNativeQuery("select v.id, v.model_id, " + STAMP + " as stamp"
                + " from model_version v join model m on m.id = v.model_id"
                + " where v.state in ('published', 'withdrawn') and " + HARVESTABLE + " and " + where
                + " order by " + STAMP + ", v.id limit " + limit);
        bind(query, parameters);
        @SuppressWarnings("unchecked")
        List<Object[]> result = query.getResultList();
        return result.stream().map(r -> new Row(((Number) r[0]).longValue(), ((Number) r[1]).longValue(),
                Timestamps.instant(r[2]))).toList();
    }

    private static void bind(Query query, Map<String, Object> parameters) {
        query.setParameter("now", Timestamps.now());
        parameters.forEach(query::setParameter);
    }

    private Record record(Row row, MetadataFormat format, String baseUrl) {
        ModelVersion version = ModelVersion.findById(row.id());
        Model model = Model.findById(row.modelId());
        // Withheld (restricted after it was open) or withdrawn: a deleted header.
        boolean deleted = model.restricted() || version.state != VersionState.published || !Servability.servesFiles(new Servability.Version(
                version.label, version.pid, version.state == VersionState.withdrawn, version.withdrawalReason,
                version.embargoUntil), false);
        String metadata = null;
        if (format != null && !deleted) {
            Object cited = VersionRecords.of(model, version);
            Citations citations = new Citations(baseUrl, Citations.DEFAULT_PUBLISHER, registeredDois::findable);
            metadata = format == MetadataFormat.OAI_DC ? citations.dublinCore(cited)
                    : citations.render(CitationFormat.DATACITE_XML, cited, null, null);
        }
        return new Record(version.pid, model.namespace, row.stamp(), deleted, metadata);
    }
}
