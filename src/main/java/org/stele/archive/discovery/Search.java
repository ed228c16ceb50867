package org.stele.archive.discovery;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
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
import org.stele.config.SteleConfig;
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
    /** A hit's relevance: text rank (when the text matches) plus the similarity of the query to {@code namespace/name}. */
    private static final String SCORE = "round(((case when e.document @@ q.tsq then ts_rank_cd(e.document, q.tsq) else 0 end)"
            + " + similarity(e.name_key, q.text))::numeric, 6)";

    private final BlobReads reads;
    private final Permissions permissions;
    /** How many of the newest matches a relevance search ranks ({@code stele.search.ranked}; 0: all). */
    private final int ranked;

    Search(BlobReads reads, Permissions permissions, SteleConfig config) {
        this.reads = reads;
        this.permissions = permissions;
        this.ranked = Math.max(0, config.search().ranked());
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
        return work(c -> {
            // A generic plan would evaluate the text query for every row; plan with the actual values each time.
            // (JIT is off for every connection: application.properties says why.)
            try (PreparedStatement plan = c.prepareStatement("set local plan_cache_mode = force_custom_plan")) {
                plan.execute();
            }
            return relevance ? ranked(c, scope, after, limit) : newest(c, scope, after, limit);
        });
    }

    /** Matches newest first. */
    private static Page<Hit> newest(Connection c, Scope scope, Optional<Cursor> after, int limit) throws SQLException {
        return page(newest(c, scope, after.map(a -> new Position("<", a.key(), a.id())).orElse(null), limit + 1), limit, false, null);
    }

    /** At most {@code count} matches newest first, before {@code before} if given. */
    private static List<Row> newest(Connection c, Scope scope, Position before, int count) throws SQLException {
        List<Object> params = new ArrayList<>();
        String sql = "select " + COLUMNS + ", null::numeric as score from (" + scope.newest(params, before, count) + ") c,"
                + " search_entry e where e.version_id = c.version_id order by e.published_at desc, e.version_id desc";
        return rows(c, sql, params, false);
    }

    /**
     * Relevance ranks the {@link #ranked} newest matches, so that what a query costs does not grow with the catalog
     * however many versions it matches; the older matches follow them, newest first. The first page fixes the oldest
     * ranked match (the bound) and every cursor after it carries that bound, so that pages neither repeat nor skip a
     * match however the catalog changes between them: the ranked part is every match from the bound on (a version
     * published meanwhile is listed or not by where its score falls), the rest every match before it.
     */
    private Page<Hit> ranked(Connection c, Scope scope, Optional<Cursor> after, int limit) throws SQLException {
        Bound bound = after.map(Cursor::bound).orElse(null);
        List<Row> rows = new ArrayList<>();
        if (after.isEmpty() || after.get().ranked()) {
            List<Object> params = new ArrayList<>();
            // Without a cursor the newest `ranked` matches; with one, the matches from its bound on (without a bound, all).
            String candidates = after.isEmpty() ? scope.newest(params, null, ranked)
                    : scope.newest(params, bound == null ? null : new Position(">=", bound.at(), bound.id()), 0);
            StringBuilder sql = new StringBuilder("with c as materialized (").append(candidates).append("),\n")
                    .append("oldest as (select published_at, version_id from c order by published_at, version_id limit 1)\n")
                    .append("select * from (select " + COLUMNS + ", " + SCORE + " as score, (select count(*) from c) as ranked,")
                    .append(" (select published_at from oldest) as bound_at, (select version_id from oldest) as bound_id")
                    .append(" from c, search_entry e, ").append(scope.terms()).append(" where e.version_id = c.version_id) s");
            params.addAll(scope.termParams());
            after.ifPresent(a -> {
                sql.append(" where (s.score, s.version_id) < (?::numeric, ?)");
                params.add(a.key());
                params.add(a.id());
            });
            sql.append(" order by s.score desc, s.version_id desc limit ").append(limit + 1);
            rows.addAll(rows(c, sql.toString(), params, true));
            if (after.isEmpty() && !rows.isEmpty() && ranked > 0 && rows.get(0).candidates() == ranked) {
                bound = rows.get(0).bound();
            }
            if (rows.size() > limit || bound == null) {
                return page(rows, limit, true, bound);
            }
        }
        // The matches older than the bound, newest first: after the last one listed, if that was one of them.
        Position before = after.isPresent() && !after.get().ranked() ? new Position("<", after.get().key(), after.get().id())
                : new Position("<", bound.at(), bound.id());
        rows.addAll(newest(c, scope, before, limit + 1 - rows.size()));
        return page(rows, limit, true, bound);
    }

    /** A page of at most {@code limit} rows; the extra row a query asks for only says that another page exists. */
    private static Page<Hit> page(List<Row> rows, int limit, boolean relevance, Bound bound) {
        if (rows.size() <= limit) {
            return new Page<>(rows.stream().map(Row::hit).toList(), null);
        }
        Row last = rows.get(limit - 1);
        Cursor next = last.score() != null ? new Cursor("r", last.score(), last.id(), bound)
                : new Cursor(relevance ? "o" : "p", last.hit().publishedAt().toString(), last.id(), null);
        return new Page<>(rows.subList(0, limit).stream().map(Row::hit).toList(), next.encode());
    }

    /** A hit, what a cursor after it is made of, and (ranking) how many matches were ranked and the oldest of them. */
    private record Row(Hit hit, long id, String score, long candidates, Bound bound) {
    }

    private static List<Row> rows(Connection c, String sql, List<Object> params, boolean ranking) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                s.setObject(i + 1, params.get(i));
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Instant published = r.getObject("published_at", OffsetDateTime.class).toInstant();
                    Hit hit = new Hit(r.getString("pid"), r.getString("concept_pid"), r.getString("namespace"),
                            r.getString("name"), r.getString("label"), r.getString("title"), r.getString("license"),
                            r.getString("manifest_digest"), r.getObject("parameter_count", Long.class), r.getString("pipeline_tag"),
                            r.getString("library"), published);
                    BigDecimal score = r.getBigDecimal("score");
                    OffsetDateTime boundAt = ranking ? r.getObject("bound_at", OffsetDateTime.class) : null;
                    rows.add(new Row(hit, r.getLong("version_id"), score == null ? null : score.toPlainString(),
                            ranking ? r.getLong("ranked") : 0,
                            boundAt == null ? null : new Bound(boundAt.toInstant().toString(), r.getLong("bound_id"))));
                }
            }
            return rows;
        }
    }

    /**
     * The rows a query matches, as SQL: {@code from} (the index as {@code e}), {@code where}, and their parameters in
     * order. Shared with {@link Facets}, so counts and hits always mean the same rows, restricted models included or
     * not alike. With a text query, {@code terms} is the parsed query (as {@code q}) and {@code matches} the ways a
     * row can match it, each of them served by its own index.
     */
    record Scope(String terms, List<Object> termParams, List<String> matches, String filters, List<Object> filterParams) {
        String from() {
            return terms == null ? "search_entry e" : "search_entry e, " + terms;
        }

        String where() {
            return (matches.isEmpty() ? "true" : "(" + String.join(" or ", matches) + ")") + filters;
        }

        List<Object> params() {
            List<Object> params = new ArrayList<>(termParams);
            params.addAll(filterParams);
            return params;
        }

        /**
         * SQL for the version ids and publication times of the newest matches, newest first: at most {@code limit}
         * ({@code 0}: all) and only those before or after {@code position} when one is given. One query per way to
         * match, each walking its own index, and their union: an OR of them would evaluate the name similarity on
         * every row walked for the text. Appends its parameters to {@code params}.
         */
        String newest(List<Object> params, Position position, int limit) {
            String order = " order by e.published_at desc, e.version_id desc" + (limit > 0 ? " limit " + limit : "");
            List<String> each = new ArrayList<>();
            for (String match : matches.isEmpty() ? List.of("true") : matches) {
                StringBuilder sql = new StringBuilder("(select e.version_id, e.published_at from ").append(from())
                        .append(" where ").append(match).append(filters);
                params.addAll(termParams);
                params.addAll(filterParams);
                if (position != null) {
                    // The first comparison lets the walk start (or stop) at the position; the second is the exact one.
                    sql.append(" and e.published_at ").append(position.op().equals("<") ? "<=" : ">=").append(" ?::timestamptz")
                            .append(" and (e.published_at, e.version_id) ").append(position.op()).append(" (?::timestamptz, ?)");
                    params.add(position.at());
                    params.add(position.at());
                    params.add(position.id());
                }
                each.add(sql.append(order).append(")").toString());
            }
            return "select version_id, published_at from (" + String.join(" union ", each) + ") u"
                    + " order by published_at desc, version_id desc" + (limit > 0 ? " limit " + limit : "");
        }
    }

    /** Rows before ({@code <}) or from ({@code >=}) a publication time and version id. */
    private record Position(String op, String at, long id) {
    }

    Scope scope(Query query) {
        String q = blankToNull(query.q());
        if (q != null && q.length() > 500) {
            throw new ArchiveException(ErrorCode.INVALID_QUERY, "q is at most 500 characters");
        }
        String terms = null;
        List<Object> termParams = new ArrayList<>();
        List<String> matches = new ArrayList<>();
        if (q != null) {
            // The query is parsed once; the text rank is only computed for rows the text matches.
            // Names and tags are indexed unstemmed ('simple'), prose stemmed ('english'): a query matches either form.
            terms = "(select websearch_to_tsquery('english', ?) || websearch_to_tsquery('simple', ?) as tsq, lower(?) as text) q";
            termParams.addAll(List.of(q, q, q));
            matches.add("e.document @@ q.tsq");
            matches.add("q.text <% e.name_key");
        }
        StringBuilder where = new StringBuilder();
        List<Object> params = new ArrayList<>();
        filter(where, params, "lower(e.namespace) = lower(?)", query.namespace());
        if (!permissions.isAdmin()) {
            // Restricted models only for those who may read their namespace: nothing about them leaks through search.
            // (search_entry.restricted follows the model's visibility: migration V28.)
            where.append(" and (lower(e.namespace) = any(?) or not e.restricted)");
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
        return new Scope(terms, termParams, matches, where.toString(), params);
    }

    /** The oldest of the ranked matches, which the first page of a relevance search fixes for the pages after it. */
    record Bound(String at, long id) {
    }

    /**
     * The position after the last hit of a page: {@code p} (newest first: publication time), {@code r} (relevance:
     * score, and the bound when the ranked matches were limited) or {@code o} (relevance, past the ranked matches:
     * publication time), and the version id that breaks ties.
     */
    record Cursor(String kind, String key, long id, Bound bound) {
        boolean ranked() {
            return kind.equals("r");
        }

        String encode() {
            String text = kind + "|" + key + "|" + id + (bound == null ? "" : "|" + bound.at() + "|" + bound.id());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String cursor, boolean relevance) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
                String kind = parts[0];
                boolean ranked = kind.equals("r");
                if (!(relevance ? ranked || kind.equals("o") : kind.equals("p")) || parts.length != 3 && !(ranked && parts.length == 5)) {
                    throw new IllegalArgumentException("wrong sort");
                }
                if (ranked) {
                    new BigDecimal(parts[1]);
                } else {
                    Instant.parse(parts[1]);
                }
                Bound bound = parts.length == 5 ? new Bound(Instant.parse(parts[3]).toString(), Long.parseLong(parts[4])) : null;
                return new Cursor(kind, parts[1], Long.parseLong(parts[2]), bound);
            } catch (IllegalArgumentException | DateTimeParseException | ArrayIndexOutOfBoundsException e) {
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
