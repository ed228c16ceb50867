package org.stele.archive.citation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.stele.archive.reading.VersionRecord;
import org.stele.domain.Author;
import org.stele.domain.License;
import org.stele.domain.files.ModelCard;

/**
 * One citable thing, as every format sees it: a version record or a concept record brought to the same
 * shape, so that the difference between "cite this version" and "cite all versions" is decided here once.
 *
 * @param concept        true for a concept (the model across versions): no version label, no manifest
 * @param registered     true when {@code pid} is a DOI registered and findable at DataCite: only then may a format
 *                       present it as a DOI
 * @param landingUrl     the landing page at the archive's resolver, {@code {base}/pid/{pid}}
 * @param identifierUrl  the URL that resolves the identifier: {@code https://doi.org/{pid}} when registered, else
 *                       {@code landingUrl}
 * @param version        the version label; null for a concept
 * @param manifestDigest {@code sha256:<hex>} of the version manifest; null for a concept
 * @param withdrawnAt    set only for a withdrawn version; with {@code withdrawn} true
 * @param relations      relations to other identifiers, each typed as what it is (DOI only when registered)
 * @param sizes          the version's extent in words ({@code 3 files}, {@code 1234 bytes}); empty for a concept
 * @param formats        the media types of the version's files, each once, in path order; empty for a concept
 * @param availableFrom  when the files of a version under embargo open; null when they are open
 */
record Citable(
        boolean concept,
        String pid,
        boolean registered,
        String landingUrl,
        String identifierUrl,
        String title,
        String modelName,
        String description,
        List<Creator> creators,
        String license,
        List<String> keywords,
        String version,
        String manifestDigest,
        Instant publishedAt,
        boolean withdrawn,
        Instant withdrawnAt,
        String withdrawalReason,
        String publisher,
        List<Relation> relations,
        List<String> sizes,
        List<String> formats,
        Instant availableFrom) {

    static final String IS_VERSION_OF = "IsVersionOf";
    static final String HAS_VERSION = "HasVersion";
    static final String IS_NEW_VERSION_OF = "IsNewVersionOf";
    static final String IS_PREVIOUS_VERSION_OF = "IsPreviousVersionOf";
    static final String IS_DERIVED_FROM = "IsDerivedFrom";
    static final String IS_SOURCE_OF = "IsSourceOf";
    /** Training data: the model's record references the data it was trained on (DataCite has no "trained on"). */
    static final String REFERENCES = "References";

    /**
     * A relation from this record to another identifier.
     *
     * @param identifier     as DataCite's relatedIdentifier carries it: the DOI, or the URL
     * @param identifierType DataCite's relatedIdentifierType, {@code DOI} or {@code URL}
     * @param url            the URL that resolves it: {@code https://doi.org/…} for a DOI, else the URL itself
     */
    record Relation(String type, String identifier, String identifierType, String url) {
        boolean doi() {
            return "DOI".equals(identifierType);
        }

        /** A DOI named from outside the archive (a data descriptor): its registrant answers for it. */
        static Relation externalDoi(String type, String doi) {
            return new Relation(type, doi, "DOI", doiUrl(doi));
        }

        static Relation url(String type, String url) {
            return new Relation(type, url, "URL", url);
        }
    }

    /** Builds relations to identifiers of this archive: a DOI when registered, else the resolver URL. */
    private record Identifiers(String baseUrl, Predicate<String> registered) {
        Relation relation(String type, String pid) {
            return registered.test(pid) ? new Relation(type, pid, "DOI", doiUrl(pid)) : Relation.url(type, landingUrl(baseUrl, pid));
        }
    }

    /**
     * An author as the formats need it. {@code given}/{@code family} are set only when the name splits
     * unambiguously; otherwise the name is kept whole, as given.
     */
    record Creator(String name, String given, String family, String orcid, String affiliation) {
        private static final Pattern BARE_ORCID = Pattern.compile("\\d{4}-\\d{4}-\\d{4}-\\d{3}[\\dX]");
        /** What may follow a comma without being a given name: "Example, Inc.", "King, Jr.". */
        private static final Pattern NOT_A_GIVEN_NAME =
                Pattern.compile("(?i)(inc|ltd|llc|gmbh|ag|sa|co|corp|plc|e\\.\\s?v|jr|sr|ii|iii|iv)\\.?");

        static Creator of(Author author) {
            String name = clean(author.name()).replaceAll("\\s+", " ");
            String given = null;
            String family = null;
            int comma = name.indexOf(',');
            if (comma >= 0) {
                // "Family, Given" says which part is which; a second comma or a suffix does not.
                if (name.indexOf(',', comma + 1) < 0 && !NOT_A_GIVEN_NAME.matcher(name.substring(comma + 1).strip()).matches()) {
                    family = name.substring(0, comma).strip();
                    given = name.substring(comma + 1).strip();
                }
            } else {
                // Only "Given Family": with more parts ("Ludwig van Beethoven", "José Ñúñez García")
                // the family name cannot be told from the given names.
                String[] parts = name.split("\\s+");
                if (parts.length == 2) {
                    given = parts[0];
                    family = parts[1];
                }
            }
            if (given == null || family == null || given.isEmpty() || family.isEmpty()) {
                given = null;
                family = null;
            }
            String orcid = blankToNull(author.orcid());
            if (orcid != null && BARE_ORCID.matcher(orcid).matches()) {
                orcid = "https://orcid.org/" + orcid;
            }
            return new Creator(name, given, family, orcid, blankToNull(clean(author.affiliation())));
        }

        boolean split() {
            return family != null;
        }

        /** A person for sure: the name splits, or an ORCID iD says so. Otherwise it may be an organisation. */
        boolean personal() {
            return split() || orcid != null;
        }

        /** "Family, Given" when the name splits, else the name as given. */
        String inverted() {
            return split() ? family + ", " + given : name;
        }

        /** The family name, or the whole name when it does not split. */
        String familyOrName() {
            return split() ? family : name;
        }
    }

    /** The landing page of a pid at the archive's resolver. */
    static String landingUrl(String baseUrl, String pid) {
        return baseUrl + "/pid/" + pid;
    }

    /** {@code https://doi.org/<doi>}: how DataCite asks DOIs to be displayed; only for registered ones. */
    static String doiUrl(String doi) {
        return "https://doi.org/" + doi;
    }

    /**
     * Brings a {@link VersionRecord} or {@link VersionRecord.Concept} to one shape. A concept is cited with
     * its latest version's descriptive data but its own identifier and no version label.
     */
    static Citable of(Object record, String baseUrl, String publisher, Predicate<String> registered) {
        Identifiers ids = new Identifiers(baseUrl, registered);
        if (record instanceof VersionRecord v) {
            return ofVersion(v, ids, publisher);
        }
        if (record instanceof VersionRecord.Concept c) {
            return ofConcept(c, ids, publisher);
        }
        throw new IllegalArgumentException("cannot cite " + (record == null ? "null" : record.getClass().getName())
                + "; expected a VersionRecord or VersionRecord.Concept");
    }

    private static Citable ofVersion(VersionRecord v, Identifiers ids, String publisher) {
        List<Relation> relations = new ArrayList<>();
        if (v.conceptPid() != null) {
            relations.add(ids.relation(IS_VERSION_OF, v.conceptPid()));
        }
        if (v.previous() != null && v.previous().pid() != null) {
            relations.add(ids.relation(IS_NEW_VERSION_OF, v.previous().pid()));
        }
        if (v.next() != null && v.next().pid() != null) {
            relations.add(ids.relation(IS_PREVIOUS_VERSION_OF, v.next().pid()));
        }
        relations.addAll(lineage(v.facts(), ids));
        boolean withdrawn = "withdrawn".equalsIgnoreCase(v.state()) || v.withdrawnAt() != null;
        boolean registered = ids.registered().test(v.pid());
        String landing = landingUrl(ids.baseUrl(), v.pid());
        return new Citable(false, v.pid(), registered, landing, registered ? doiUrl(v.pid()) : landing,
                title(v.title(), v.namespace(), v.name()),
                v.name(), blankToNull(clean(v.description())), creators(v.authors()), blankToNull(v.license()),
                keywords(withCardSubjects(v)), blankToNull(v.version()), blankToNull(v.manifestDigest()), required(v.publishedAt(), v.pid()),
                withdrawn, withdrawn ? v.withdrawnAt() : null, withdrawn ? blankToNull(clean(v.withdrawalReason())) : null,
                publisher, List.copyOf(relations), sizes(v.files()), formats(v.files()), v.embargoUntil());
    }

    private static Citable ofConcept(VersionRecord.Concept c, Identifiers ids, String publisher) {
        VersionRecord latest = c.latest();
        List<VersionRecord.VersionRef> versions = c.versions() == null ? List.of() : c.versions();
        List<Relation> relations = versions.stream()
                .filter(ref -> ref.pid() != null)
                .map(ref -> ids.relation(HAS_VERSION, ref.pid()))
                .toList();
        // Without a latest version (every release withdrawn) the concept's own fields and newest release date stand in.
        Instant published = latest != null ? latest.publishedAt()
                : versions.stream().map(VersionRecord.VersionRef::publishedAt).filter(t -> t != null)
                        .max(Instant::compareTo).orElse(null);
        String title = latest != null && latest.title() != null ? latest.title() : c.title();
        String description = latest != null && latest.description() != null ? latest.description() : c.description();
        List<Author> authors = latest != null && latest.authors() != null ? latest.authors() : c.authors();
        String license = latest != null && latest.license() != null ? latest.license() : c.license();
        List<String> keywords = latest != null && latest.keywords() != null ? latest.keywords() : c.keywords();
        boolean registered = ids.registered().test(c.pid());
        String landing = landingUrl(ids.baseUrl(), c.pid());
        return new Citable(true, c.pid(), registered, landing, registered ? doiUrl(c.pid()) : landing,
                title(title, c.namespace(), c.name()), c.name(),
                blankToNull(clean(description)), creators(authors), blankToNull(license), keywords(keywords), null, null,
                required(published, c.pid()), false, null, null, publisher, relations, List.of(), List.of(), null);
    }

    private static List<String> sizes(List<VersionRecord.FileEntry> files) {
        if (files == null || files.isEmpty()) {
            return List.of();
        }
        long bytes = files.stream().mapToLong(VersionRecord.FileEntry::size).sum();
        return List.of(files.size() + (files.size() == 1 ? " file" : " files"), bytes + " bytes");
    }

    private static List<String> formats(List<VersionRecord.FileEntry> files) {
        if (files == null) {
            return List.of();
        }
        return files.stream().map(VersionRecord.FileEntry::mediaType).filter(t -> t != null && !t.isBlank()).distinct().toList();
    }

    LocalDate issued() {
        return LocalDate.ofInstant(publishedAt, ZoneOffset.UTC);
    }

    int year() {
        return issued().getYear();
    }

    /** The day a withdrawn version was withdrawn (UTC), or null. */
    LocalDate withdrawnOn() {
        return withdrawnAt == null ? null : LocalDate.ofInstant(withdrawnAt, ZoneOffset.UTC);
    }

    /** The SPDX identifier, or null for none or {@code other} (which is no SPDX identifier). */
    String spdxLicense() {
        return license == null || License.OTHER.equalsIgnoreCase(license) ? null : license;
    }

    /** The SPDX page of the licence, or null. */
    String licenseUrl() {
        String id = spdxLicense();
        return id == null ? null : "https://spdx.org/licenses/" + id + ".html";
    }

    /** "Withdrawn on 2026-05-01: reason" for a withdrawn version, else null. */
    String withdrawalNote() {
        if (!withdrawn) {
            return null;
        }
        String when = withdrawnAt == null ? "Withdrawn" : "Withdrawn on " + withdrawnOn();
        return withdrawalReason == null ? when : when + ": " + withdrawalReason;
    }

    /**
     * The identifier (when it is no registered DOI, so no DOI field names it), the withdrawal and the manifest digest,
     * in a sentence or three, for formats with a single note field.
     */
    String note() {
        List<String> parts = new ArrayList<>();
        if (!registered) {
            parts.add("Identifier: " + pid);
        }
        if (withdrawn) {
            parts.add(withdrawalNote());
        }
        if (manifestDigest != null) {
            parts.add("Manifest digest: " + manifestDigest);
        }
        return parts.isEmpty() ? null : String.join(". ", parts);
    }

    List<Relation> related(String type) {
        return relations.stream().filter(r -> r.type().equals(type)).toList();
    }

    /** The identifier suffix, lowercase and without dashes ({@code 1f79e126}), for keys that must be unique. */
    String compactSuffix() {
        int slash = pid.indexOf('/');
        return pid.substring(slash + 1).replace("-", "").toLowerCase(Locale.ROOT);
    }

    private static String title(String title, String namespace, String name) {
        String t = blankToNull(clean(title));
        if (t != null) {
            return t;
        }
        return namespace == null ? name : namespace + "/" + name;
    }

    private static List<Creator> creators(List<Author> authors) {
        if (authors == null) {
            return List.of();
        }
        return authors.stream().filter(a -> a != null && a.name() != null && !a.name().isBlank()).map(Creator::of).toList();
    }

    /**
     * Base models as IsDerivedFrom (an identifier inside the archive, else the URL when known); derivatives as
     * IsSourceOf; training data as IsDerivedFrom by URL, or by the DOIs its descriptor names.
     */
    private static List<Relation> lineage(VersionRecord.ModelFacts facts, Identifiers ids) {
        List<Relation> relations = new ArrayList<>();
        if (facts == null) {
            return relations;
        }
        for (VersionRecord.ModelLink base : facts.derivedFrom()) {
            if (base.pid() != null) {
                relations.add(ids.relation(IS_DERIVED_FROM, base.pid()));
            } else if (base.url() != null) {
                relations.add(Relation.url(IS_DERIVED_FROM, base.url()));
            }
        }
        for (VersionRecord.ModelLink derivative : facts.derivatives()) {
            relations.add(ids.relation(IS_SOURCE_OF, derivative.pid()));
        }
        // Training data: referenced, not a base (a model is derived from a model, not from its corpus).
        for (VersionRecord.DatasetLink dataset : facts.datasets()) {
            if (dataset.url() != null) {
                relations.add(Relation.url(REFERENCES, dataset.url()));
            }
            if (dataset.descriptor() != null) {
                dataset.descriptor().identifiers().stream().filter(id -> id.startsWith("10.") && id.contains("/"))
                        .forEach(doi -> relations.add(Relation.externalDoi(REFERENCES, doi)));
            }
        }
        return relations;
    }

    /** The version's keywords, then the card's tags, task and library (DataCite subjects), without repeats. */
    private static List<String> withCardSubjects(VersionRecord v) {
        LinkedHashSet<String> all = new LinkedHashSet<>(v.keywords() == null ? List.of() : v.keywords());
        if (v.facts() != null && v.facts().card() != null) {
            for (String key : List.of("tags", "pipeline_tag", "library_name")) {
                all.addAll(ModelCard.strings(v.facts().card().get(key)));
            }
        }
        return List.copyOf(all);
    }

    private static List<String> keywords(List<String> keywords) {
        if (keywords == null) {
            return List.of();
        }
        return keywords.stream().map(Citable::clean).filter(k -> k != null && !k.isBlank()).map(String::strip).toList();
    }

    private static Instant required(Instant published, String pid) {
        if (published == null) {
            // A draft has none: it is not citable until published.
            throw new IllegalArgumentException(pid + " has no publication date to cite");
        }
        return published;
    }

    /** Drops control characters other than tab and line breaks: XML 1.0 cannot carry them and no format wants them. */
    static String clean(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != 0x7f && c != 0xfffe && c != 0xffff || c == '\t' || c == '\n' || c == '\r') {
                out.append(c);
            }
        }
        return out.toString().strip();
    }

    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
