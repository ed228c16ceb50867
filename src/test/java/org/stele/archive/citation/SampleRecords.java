package org.stele.archive.citation;

import java.time.Instant;
import java.util.List;
import org.stele.archive.reading.VersionRecord;
import org.stele.domain.Author;

/** Records as the resolver builds them, from the plainest to the most awkward. */
final class SampleRecords {
    static final String BASE_URL = "https://archive.example.org";
    static final String VERSION_PID = "10.5072/1f79-e126";
    static final String CONCEPT_PID = "10.5072/nsbt-zz71";
    static final String PREVIOUS_PID = "10.5072/9te8-5h68";
    static final String NEXT_PID = "10.5072/33bv-s284";
    static final String DIGEST = "sha256:" + "ab12".repeat(16);
    static final Instant PUBLISHED = Instant.parse("2026-03-04T23:30:00Z");
    static final Instant WITHDRAWN = Instant.parse("2026-05-01T08:00:00Z");

    /** Title with every character BibTeX, XML or RIS could trip over. */
    static final String AWKWARD_TITLE = "tiny-llm {v2}: 100% \"small\" & <fast> $5 #1 a_b \\ c ~ ^";

    static final Author ZOE = new Author("Zoë Ångström", "https://orcid.org/0000-0002-1825-0097", "Universität Zürich");
    static final Author JOSE = new Author("José Ñúñez", "0000-0002-1694-233X", null);
    static final Author LUDWIG = new Author("Ludwig van Beethoven", null, null);
    static final Author LAB = new Author("Example Lab & Co.", null, null);
    static final Author ADA = new Author("Lovelace, Ada", "https://orcid.org/0000-0001-5109-3700", "Analytical Engines Ltd");

    private SampleRecords() {
    }

    /** One author without ORCID, no keywords, no licence, no description, no neighbours. */
    static VersionRecord minimal() {
        return new VersionRecord("version", VERSION_PID, CONCEPT_PID, "lab", "tiny-llm", "1.0", "published",
                "Tiny LLM", null, List.of(new Author("Ada Lovelace", null, null)), null, null, DIGEST, List.of(),
                PUBLISHED.minusSeconds(3600), PUBLISHED, null, null, null, null, null, null);
    }

    /** Several authors (non-ASCII, ORCID, affiliation, unsplittable, organisation), keywords, both neighbours. */
    static VersionRecord full() {
        return new VersionRecord("version", VERSION_PID, CONCEPT_PID, "lab", "tiny-llm", "2.0.1", "published",
                AWKWARD_TITLE, "A small model.\nSecond line with <markup> & \"quotes\".", List.of(ZOE, JOSE, LUDWIG, LAB, ADA),
                "Apache-2.0", List.of("language model", "tiny"), DIGEST, List.of(), PUBLISHED.minusSeconds(3600), PUBLISHED,
                null, null, new VersionRecord.VersionRef("1.0", PREVIOUS_PID, "published", PUBLISHED.minusSeconds(86400 * 30)),
                new VersionRecord.VersionRef("3.0", NEXT_PID, "published", PUBLISHED.plusSeconds(86400 * 30)), null, null);
    }

    /** {@link #full()}, withdrawn. */
    static VersionRecord withdrawn() {
        VersionRecord f = full();
        return new VersionRecord(f.kind(), f.pid(), f.conceptPid(), f.namespace(), f.name(), f.version(), "withdrawn",
                f.title(), f.description(), f.authors(), f.license(), f.keywords(), f.manifestDigest(), f.files(),
                f.createdAt(), f.publishedAt(), WITHDRAWN, "Training data had <personal> data & had to go", f.previous(),
                f.next(), f.facts(), null);
    }

    /**
     * The model as a whole, with three releases: 1.0 withdrawn, 2.0.1 and the latest, 3.0, whose metadata is
     * {@link #full()}'s. The model's own (older) title, authors and licence must not show.
     */
    static VersionRecord.Concept concept() {
        VersionRecord f = full();
        Instant latestPublished = PUBLISHED.plusSeconds(86400 * 30);
        VersionRecord latest = new VersionRecord("version", NEXT_PID, CONCEPT_PID, "lab", "tiny-llm", "3.0", "published",
                f.title(), f.description(), f.authors(), f.license(), f.keywords(), "sha256:" + "cd34".repeat(16), List.of(),
                latestPublished, latestPublished, null, null, new VersionRecord.VersionRef("2.0.1", VERSION_PID, "published", PUBLISHED),
                null, null, null);
        return new VersionRecord.Concept("concept", CONCEPT_PID, "lab", "tiny-llm", "Model title (superseded)",
                "Model description", List.of(LAB), "MIT", List.of("old"), latest, List.of(
                        new VersionRecord.VersionRef("1.0", PREVIOUS_PID, "withdrawn", PUBLISHED.minusSeconds(86400 * 30)),
                        new VersionRecord.VersionRef("2.0.1", VERSION_PID, "published", PUBLISHED),
                        new VersionRecord.VersionRef("3.0", NEXT_PID, "published", latestPublished)));
    }

    /** {@link #minimal()} with two files (of two media types, one twice) and an embargo until 2030-02-03. */
    static VersionRecord withFilesUnderEmbargo() {
        VersionRecord m = minimal();
        List<VersionRecord.FileEntry> files = List.of(
                new VersionRecord.FileEntry("config.json", 20, DIGEST, "application/json", "config", null),
                new VersionRecord.FileEntry("model.safetensors", 1000, DIGEST, "application/octet-stream", "weights", null),
                new VersionRecord.FileEntry("tokenizer.json", 5, DIGEST, "application/json", "tokenizer", null));
        return new VersionRecord(m.kind(), m.pid(), m.conceptPid(), m.namespace(), m.name(), m.version(), m.state(), m.title(),
                m.description(), m.authors(), m.license(), m.keywords(), m.manifestDigest(), files, m.createdAt(), m.publishedAt(),
                null, null, null, null, null, Instant.parse("2030-02-03T12:00:00Z"));
    }

    static VersionRecord with(VersionRecord r, String title, List<Author> authors, String license) {
        return new VersionRecord(r.kind(), r.pid(), r.conceptPid(), r.namespace(), r.name(), r.version(), r.state(), title,
                r.description(), authors, license, r.keywords(), r.manifestDigest(), r.files(), r.createdAt(), r.publishedAt(),
                r.withdrawnAt(), r.withdrawalReason(), r.previous(), r.next(), r.facts(), null);
    }

    /** As an archive renders them that registers nothing at DataCite (or uses its test prefix): no identifier is a DOI. */
    static final Citations UNREGISTERED = new Citations(BASE_URL, null, pid -> false);
    /** As an archive renders them whose identifiers are all registered, findable DOIs. */
    static final Citations REGISTERED = new Citations(BASE_URL, null, pid -> true);

    /** With registration off, the default of every archive. */
    static String render(CitationFormat format, Object record) {
        return UNREGISTERED.render(format, record, null, null);
    }

    /** With every identifier a registered, findable DOI. */
    static String renderRegistered(CitationFormat format, Object record) {
        return REGISTERED.render(format, record, null, null);
    }

    static String resolver(String pid) {
        return BASE_URL + "/pid/" + pid;
    }
}
