package org.stele.archive.citation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
 * @param version        the version label; null for a concept
 * @param manifestDigest {@code sha256:<hex>} of the version manifest; null for a concept
 * @param withdrawnAt    set only for a withdrawn version; with {@code withdrawn} true
 * @param relations      relations to other identifiers, all DOIs
 * @param sizes          the version's extent in words ({@code 3 files}, {@code 1234 bytes}); empty for a concept
 * @param formats        the media types of the version's files, each once, in path order; empty for a concept
 * @param availableFrom  when the files of a version under embargo open; null when they are open
 */
record Citable(
        boolean concept,
        String pid,
        String landingUrl,
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

    /** A relation from this record to another identifier: a DOI unless {@code identifierType} says (e.g. URL). */
    record Relation(String type, String pid, String identifierType) {
        Relation(String type, String pid) {
            this(type, pid, "DOI");
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

    /** The landing page (and identifier URL) of a pid. */
    static String landingUrl(String baseUrl, String pid) {
        return baseUrl + "/pid/" + pid;
    }

    /**
     * Brings a {@link VersionRecord} or {@link VersionRecord.Concept} to one shape. A concept is cited with
     * its latest version's descriptive data but its own identifier and no version label.
     */
    static Citable of(Object record, String baseUrl, String publisher) {
        if (record instanceof VersionRecord v) {
            return ofVersion(v, baseUrl, publisher);
        }
        if (record instanceof VersionRecord.Concept c) {
            return ofConcept(c, baseUrl, publisher);
        }
        throw new IllegalArgumentException("cannot cite " + (record == null ? "null" : record.getClass().getName())
                + "; expected a VersionRecord or VersionRecord.Concept");
    }

    private static Citable ofVersion(VersionRecord v, String baseUrl, String publisher) {
        List<Relation> relations = new ArrayList<>();
        if (v.conceptPid() != null) {
            relations.add(new Relation(IS_VERSION_OF, v.conceptPid()));
        }
        if (v.previous() != null && v.previous().pid() != null) {
            relations.add(new Relation(IS_NEW_VERSION_OF, v.previous().pid()));
        }
        if (v.next() != null && v.next().pid() != null) {
            relations.add(new Relation(IS_PREVIOUS_VERSION_OF, v.next().pid()));
        }
        relations.addAll(lineage(v.facts()));
        boolean withdrawn = "withdrawn".equalsIgnoreCase(v.state()) || v.withdrawnAt() != null;
        return new Citable(false, v.pid(), landingUrl(baseUrl, v.pid()), title(v.title(), v.namespace(), v.name()),
                v.name(), blankToNull(clean(v.description())), creators(v.authors()), blankToNull(v.license()),
                keywords(withCardSubjects(v)), blankToNull(v.version()), blankToNull(v.manifestDigest()), required(v.publishedAt(), v.pid()),
                withdrawn, withdrawn ? v.withdrawnAt() : null, withdrawn ? blankToNull(clean(v.withdrawalReason())) : null,
                publisher, List.copyOf(relations), sizes(v.files()), formats(v.files()), v.embargoUntil());
    }

    private static Citable ofConcept(VersionRecord.Concept c, String baseUrl, String publisher) {
        VersionRecord latest = c.latest();
        List<VersionRecord.VersionRef> versions = c.versions() == null ? List.of() : c.versions();
        List<Relation> relations = versions.stream()
                .filter(ref -> ref.pid() != null)
                .map(ref -> new Relation(HAS_VERSION, ref.pid()))
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
        return new Citable(true, c.pid(), landingUrl(baseUrl, c.pid()), title(title, c.namespace(), c.name()), c.name(),
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

    /** {@code https://doi.org/<pid>}: how DataCite asks DOIs to be displayed. */
    String doiUrl() {
        return "https://doi.org/" + pid;
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

    /** The withdrawal and the manifest digest in one sentence or two, for formats with a single note field. */
    String note() {
        List<String> parts = new ArrayList<>();
        if (withdrawn) {
            parts.add(withdrawalNote());
        }
        if (manifestDigest != null) {
            parts.add("Manifest digest: " + manifestDigest);
        }
        return parts.isEmpty() ? null : String.join(". ", parts);
    }

    List<String> relatedPids(String type) {
        return relations.stream().filter(r -> r.type().equals(type)).map(Relation::pid).toList();
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

    /** Base models as IsDerivedFrom (DOI inside the archive, else URL when known); derivatives as IsSourceOf. */
    private static List<Relation> lineage(VersionRecord.ModelFacts facts) {
        List<Relation> relations = new ArrayList<>();
        if (facts == null) {
            return relations;
        }
        for (VersionRecord.ModelLink base : facts.derivedFrom()) {
            if (base.pid() != null) {
                relations.add(new Relation(IS_DERIVED_FROM, base.pid()));
            } else if (base.url() != null) {
                relations.add(new Relation(IS_DERIVED_FROM, base.url(), "URL"));
            }
        }
        for (VersionRecord.ModelLink derivative : facts.derivatives()) {
            relations.add(new Relation(IS_SOURCE_OF, derivative.pid()));
        }
        // Training data: the model is derived from it (DataCite has no "trained on").
        for (VersionRecord.DatasetLink dataset : facts.datasets()) {
            if (dataset.url() != null) {
                relations.add(new Relation(IS_DERIVED_FROM, dataset.url(), "URL"));
            }
            if (dataset.descriptor() != null) {
                dataset.descriptor().identifiers().stream().filter(id -> id.startsWith("10.") && id.contains("/"))
                        .forEach(doi -> relations.add(new Relation(IS_DERIVED_FROM, doi)));
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
