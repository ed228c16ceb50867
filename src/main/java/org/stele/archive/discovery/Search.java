package org.stele.archive.discovery;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hibernate.Session;
import org.stele.archive.access.Permissions;
import org.stele.archive.reading.BlobReads;
import org.stele.archive.reading.VersionRecord;
import org.stele.domain.ArchiveException;
import org.stele.domain.Digest;
import org.stele.domain.ErrorCode;
import org.stele.domain.Page;
import org.stele.domain.files.ModelCard;

/**
 * Search over published versions: PostgreSQL full text on title, description, keywords and card text, trigram
 * similarity on {@code namespace/name}, filters on structured card fields, and keyset pagination with an
 * opaque cursor. The index ({@code search_entry}) is written when a version is published and cleared when it
 * is withdrawn, in the same transaction.
 */
@ApplicationScoped
public class Search {
    /** How much of a model card's text is indexed. */
    static final int CARD_TEXT_BYTES = 64 * 1024;
    public static final int MAX_LIMIT = 100;
    /** What a hit needs; never the document, which would make sorting many matches move many large rows. */
    private static final String COLUMNS = "e.version_id, e.namespace, e.name, e.label, e.pid, e.concept_pid, e.manifest_digest, "
            + "e.title, e.license, e.library, e.pipeline_tag, e.parameter_count, e.published_at";

    private final BlobReads reads;
    private final Permissions permissions;

    Search(BlobReads reads, Permissions permissions) {
        this.reads = reads;
        this.permissions = permissions;
    }

    /** What to look for; every field optional. {@code sort} is {@code relevance} (default with q) or {@code published}. */
    public record Query(String q, String namespace, String license, String tag, String library, String pipelineTag,
            String baseModel, String dataset, String sort, String cursor, Integer limit, Boolean signed) {
        /** A query without the signature filter. */
        public Query(String q, String namespace, String license, String tag, String library, String pipelineTag,
                String baseModel, String dataset, String sort, String cursor, Integer limit) {
            this(q, namespace, license, tag, library, pipelineTag, baseModel, dataset, sort, cursor, limit, null);
        }

        /** No text in the catalog holds a NUL (PostgreSQL cannot store one), so no query with one can match: refused. */
        public Query {
            for (String text : new String[] {q, namespace, license, tag, library, pipelineTag, baseModel, dataset, sort, cursor}) {
                if (text != null && text.indexOf('\0') >= 0) {
                    throw new ArchiveException(ErrorCode.INVALID_QUERY, "a search parameter holds a NUL character");
                }
            }
        }
    }

    /** One published version found. */
    public record Hit(String pid, String conceptPid, String namespace, String name, String version, String title,
            String license, String manifestDigest, Long parameterCount, String pipelineTag, String library,
            Instant publishedAt) {
    }

    /** Adds a just-published version to the index. Call inside the publish transaction. */
    public void index(long versionId, VersionRecord record) {
        VersionRecord.ModelFacts facts = record.facts() == null ? VersionRecord.ModelFacts.NONE : record.facts();
        Map<String, Object> card = facts.card() == null ? Map.of() : facts.card();
        Set<String> tags = lower(record.keywords());
        tags.addAll(lower(ModelCard.strings(card.get("tags"))));
        Set<String> bases = lower(ModelCard.strings(card.get("base_model")));
        for (VersionRecord.ModelLink link : facts.derivedFrom()) {
            if (link.pid() != null) {
                bases.add(link.pid().toLowerCase(Locale.ROOT));
                bases.add((link.namespace() + "/" + link.name()).toLowerCase(Locale.ROOT));
                if (link.version() != null) {
                    bases.add((link.namespace() + "/" + link.name() + "@" + link.version()).toLowerCase(Locale.ROOT));
                }
            }
        }
        Set<String> datasets = lower(ModelCard.strings(card.get("datasets")));
        facts.datasets().stream().filter(d -> d.descriptor() != null && d.descriptor().name() != null)
                .forEach(d -> datasets.add(d.descriptor().name().toLowerCase(Locale.ROOT)));
        String names = record.namespace() + " " + record.name() + " " + record.namespace() + "/" + record.name() + " "
                + String.join(" ", tags) + " " + String.join(" ", bases) + " " + String.join(" ", datasets);
        String sql = """
                insert into search_entry (version_id, namespace, name, label, pid, concept_pid, manifest_digest, title, license,
                    card_license, library, pipeline_tag, tags, base_models, datasets, parameter_count, published_at, signed, document)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, lower(?), lower(?), lower(?), ?, ?, ?, ?, ?, ?,
                    setweight(to_tsvector('english', ?), 'A') || setweight(to_tsvector('simple', ?), 'B')
                    || setweight(to_tsvector('english', ?), 'C') || setweight(to_tsvector('english', ?), 'D'))
                on conflict (version_id) do nothing""";
        String cardText = cardText(record);
        work(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                int i = 1;
                s.setLong(i++, versionId);
                s.setString(i++, record.namespace());
                s.setString(i++, record.name());
                s.setString(i++, record.version());
                s.setString(i++, record.pid());
                s.setString(i++, record.conceptPid());
                s.setString(i++, record.manifestDigest());
                s.setString(i++, record.title());
                s.setString(i++, record.license());
                s.setString(i++, card.get("license") instanceof String l ? l : null);
                s.setString(i++, card.get("library_name") instanceof String l ? l : null);
                s.setString(i++, card.get("pipeline_tag") instanceof String l ? l : null);
                s.setArray(i++, c.createArrayOf("text", tags.toArray()));
                s.setArray(i++, c.createArrayOf("text", bases.toArray()));
                s.setArray(i++, c.createArrayOf("text", datasets.toArray()));
                if (facts.parameterCount() == null) {
                    s.setNull(i++, Types.BIGINT);
                } else {
                    s.setLong(i++, facts.parameterCount());
                }
                s.setObject(i++, record.publishedAt().atOffset(ZoneOffset.UTC));
                s.setBoolean(i++, record.depositorSignature() != null);
                s.setString(i++, nonNull(record.title()));
                s.setString(i++, names);
                s.setString(i++, nonNull(record.description()));
                s.setString(i++, cardText);
                s.executeUpdate();
            }
            return null;
        });
    }

    /** Takes a withdrawn version out of the index. Call inside the withdrawal transaction. */
    public void remove(long versionId) {
        work(c -> {
            try (PreparedStatement s = c.prepareStatement("delete from search_entry where version_id = ?")) {
                s.setLong(1, versionId);
                s.executeUpdate();
            }
            return null;
        });
    }

    /** One page of published versions matching the query, in a stable order. */
    @jakarta.transaction.Transactional
    public Page<Hit> find(Query query) {
        int limit = query.limit() == null ? 20 : query.limit();
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ArchiveException(ErrorCode.INVALID_LIMIT, "limit is 1 to " + MAX_LIMIT);
        }
        Scope scope = scope(query);
        String q = blankToNull(query.q());
        String sort = query.sort() == null ? (q == null ? "published" : "relevance") : query.sort();
        if (!sort.equals("relevance") && !sort.equals("published")) {
            throw new ArchiveException(ErrorCode.INVALID_SORT, "sort is 'relevance' or 'published'");
        }
        boolean relevance = sort.equals("relevance") && q != null;
        Optional<Cursor> after = Optional.ofNullable(blankToNull(query.cursor())).map(c -> Cursor.decode(c, relevance));

        List<Object> params = new ArrayList<>(scope.params());
        StringBuilder sql = new StringBuilder("select * from (select " + COLUMNS + ", ").append(scope.score()).append(" as score from ")
                .append(scope.from()).append(" where ").append(scope.where()).append(") s");
        if (after.isPresent()) {
            if (relevance) {
                sql.append(" where (s.score, s.version_id) < (?::numeric, ?)");
                params.add(after.get().key());
            } else {
                sql.append(" where (s.published_at, s.version_id) < (?::timestamptz, ?)");
                params.add(after.get().key());
            }
            params.add(after.get().id());
        }
        sql.append(relevance ? " order by s.score desc, s.version_id desc" : " order by s.published_at desc, s.version_id desc");
        sql.append(" limit ").append(limit + 1);
        return work(c -> {
            // A generic plan would evaluate the text query for every row; plan with the actual values each time.
            // (JIT is off for every connection: application.properties says why.)
            try (PreparedStatement plan = c.prepareStatement("set local plan_cache_mode = force_custom_plan")) {
                plan.execute();
            }
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < params.size(); i++) {
                    s.setObject(i + 1, params.get(i));
                }
                List<Hit> hits = new ArrayList<>();
                String next = null;
                boolean more = false;
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        if (hits.size() == limit) {
                            more = true; // the extra row only says another page exists
                            break;
                        }
                        Instant published = r.getObject("published_at", OffsetDateTime.class).toInstant();
                        long parameters = r.getLong("parameter_count");
                        hits.add(new Hit(r.getString("pid"), r.getString("concept_pid"), r.getString("namespace"),
                                r.getString("name"), r.getString("label"), r.getString("title"), r.getString("license"),
                                r.getString("manifest_digest"), r.wasNull() ? null : parameters, r.getString("pipeline_tag"),
                                r.getString("library"), published));
                        next = new Cursor(relevance ? r.getBigDecimal("score").toPlainString() : published.toString(),
                                r.getLong("version_id")).encode(relevance);
                    }
                    return new Page<>(hits, more ? next : null);
                }
            }
        });
    }

    /**
     * The rows a query matches, as SQL: {@code from} (the index as {@code e}), {@code where}, the relevance
     * {@code score} expression, and their parameters in order. Shared with {@link Facets}, so counts and hits always
     * mean the same rows, restricted models included or not alike.
     */
    record Scope(String from, String where, String score, List<Object> params) {
    }

    Scope scope(Query query) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder("true");
        String score = "0::numeric";
        String from = "search_entry e";
        String q = blankToNull(query.q());
        if (q != null && q.length() > 500) {
            throw new ArchiveException(ErrorCode.INVALID_QUERY, "q is at most 500 characters");
        }
        if (q != null) {
            // The query is parsed once; the text rank is only computed for rows the text matches.
            // Names and tags are indexed unstemmed ('simple'), prose stemmed ('english'): a query matches either form.
            from = "search_entry e, (select websearch_to_tsquery('english', ?) || websearch_to_tsquery('simple', ?) as tsq,"
                    + " lower(?) as text) q";
            score = "round(((case when e.document @@ q.tsq then ts_rank_cd(e.document, q.tsq) else 0 end)"
                    + " + similarity(lower(e.namespace || '/' || e.name), q.text))::numeric, 6)";
            params.add(q);
            params.add(q);
            params.add(q);
            where.append(" and (e.document @@ q.tsq or q.text <% lower(e.namespace || '/' || e.name))");
        }
        filter(where, params, "lower(e.namespace) = lower(?)", query.namespace());
        if (!permissions.isAdmin()) {
            // Restricted models only for those who may read their namespace: nothing about them leaks through search.
            where.append(" and (lower(e.namespace) = any(?) or not exists (select 1 from model_version v join model m"
                    + " on m.id = v.model_id where v.id = e.version_id and m.visibility = 'restricted'))");
            params.add(permissions.readableNamespaces().toArray(String[]::new));
        }
        if (blankToNull(query.license()) != null) {
            where.append(" and (lower(e.license) = lower(?) or e.card_license = lower(?))");
            params.add(query.license().strip());
            params.add(query.license().strip());
        }
        filter(where, params, "e.tags @> array[lower(?)]", query.tag());
        filter(where, params, "e.library = lower(?)", query.library());
        filter(where, params, "e.pipeline_tag = lower(?)", query.pipelineTag());
        filter(where, params, "e.base_models @> array[lower(?)]", query.baseModel());
        filter(where, params, "e.datasets @> array[lower(?)]", query.dataset());
        filter(where, params, "e.signed = cast(? as boolean)", query.signed() == null ? null : query.signed().toString());
        return new Scope(from, where.toString(), score, params);
    }

    /** The position after the last hit of a page: the sort key and the version id that breaks ties. */
    record Cursor(String key, long id) {
        String encode(boolean relevance) {
            String text = (relevance ? "r|" : "p|") + key + "|" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String cursor, boolean relevance) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
                if (parts.length != 3 || !parts[0].equals(relevance ? "r" : "p")) {
                    throw new IllegalArgumentException("wrong sort");
                }
                if (relevance) {
                    new java.math.BigDecimal(parts[1]);
                } else {
                    Instant.parse(parts[1]);
                }
                return new Cursor(parts[1], Long.parseLong(parts[2]));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new ArchiveException(ErrorCode.INVALID_CURSOR, "the cursor is not one this search gave out for the same query and sort");
            }
        }
    }

    private static void filter(StringBuilder where, List<Object> params, String clause, String value) {
        if (blankToNull(value) != null) {
            where.append(" and ").append(clause);
            params.add(value.strip());
        }
    }

    /** The model card's prose (front matter removed), at most {@link #CARD_TEXT_BYTES}; empty without a card. */
    private String cardText(VersionRecord record) {
        Optional<VersionRecord.FileEntry> card = record.files().stream().filter(f -> "model-card".equals(f.kind()))
                .min(Comparator.comparing((VersionRecord.FileEntry f) -> !f.path().equals("README.md"))
                        .thenComparing(VersionRecord.FileEntry::path));
        if (card.isEmpty()) {
            return "";
        }
        try (InputStream in = reads.open(Digest.parse(card.get().digest()), 0, Math.min(card.get().size(), CARD_TEXT_BYTES))) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\u0000", "");
            if (text.startsWith("---")) {
                int end = text.indexOf("\n---", 3);
                text = end < 0 ? text : text.substring(Math.min(text.length(), end + 4));
            }
            return text;
        } catch (IOException e) {
            return ""; // the card stays searchable by its other fields; reading it again is not worth failing a publish
        }
    }

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    static <T> T work(Work<T> work) {
        return Panache.getEntityManager().unwrap(Session.class).doReturningWork(work::run);
    }

    private static Set<String> lower(List<String> values) {
        Set<String> out = new LinkedHashSet<>();
        if (values != null) {
            values.stream().filter(v -> v != null && !v.isBlank()).map(v -> v.strip().toLowerCase(Locale.ROOT)).forEach(out::add);
        }
        return out;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
