package org.stele.api.web;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.stele.api.http.ErrorCodes;
import org.stele.archive.citation.CitationFormat;
import org.stele.archive.citation.Citations;
import org.stele.archive.custody.VersionCustody;
import org.stele.archive.reading.ModelOverview;
import org.stele.archive.distribution.OciTags;
import org.stele.archive.reading.Resolver;
import org.stele.archive.reading.VersionRecord;
import org.stele.archive.registration.RegisteredDois;
import org.stele.archive.registration.Registration;
import org.stele.domain.ArchiveException;
import org.stele.domain.Author;
import org.stele.domain.files.ModelCard;

/** Builds the landing pages of identifiers: version, concept, tombstone, and problem pages. */
@ApplicationScoped
public class LandingPages {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private final Template version;
    private final Template concept;
    private final Template tombstone;
    private final Template problem;
    private final ModelCards cards;
    private final RegisteredDois dois;

    LandingPages(@Location("version.html") Template version, @Location("concept.html") Template concept,
            @Location("tombstone.html") Template tombstone, @Location("problem.html") Template problem,
            ModelCards cards, RegisteredDois dois) {
        this.dois = dois;
        this.version = version;
        this.concept = concept;
        this.tombstone = tombstone;
        this.problem = problem;
        this.cards = cards;
    }

    /** A file row of the files table. */
    public record FileRow(String path, String fileName, String kind, long size, String humanSize, String sha256, String href,
            String absoluteHref) {
    }

    /** An entry of a version list. */
    public record VersionRow(String label, String href, String publishedDate, boolean withdrawn, boolean latest, boolean current) {
    }

    /** A link to another representation. */
    public record FormatLink(String label, String href) {
    }

    /**
     * Everything a version, concept or tombstone page shows. {@code url} is the landing page at the archive's resolver;
     * {@code identifierUrl} what resolves the identifier ({@code https://doi.org/…} only when {@code registeredDoi});
     * {@code bagHref} the version's BagIt export, null where its files are not served (a tombstone, a concept).
     */
    public record Page(String pid, String url, String identifierUrl, boolean registeredDoi, String bagHref, String title, String version, List<Author> authors, String description,
            String license, List<String> keywords, String manifestDigest, String publishedDate, String withdrawnDate,
            String reason, String repoId, String modelHref, String conceptUrl, String latestHref, String latestLabel,
            VersionRow newer, List<FileRow> files, List<VersionRow> versions, String apa, String bibtex,
            List<FormatLink> formats, String cardHtml, String jsonLd, String hfEndpoint, String hfRepoId, String hfRevision,
            String weights, List<Fact> cardFacts, List<VersionRecord.FileWarning> warnings, List<VersionRecord.ModelLink> derivedFrom,
            List<VersionRecord.ModelLink> derivatives, List<VersionRecord.DatasetLink> datasets) {
    }

    /** A labelled value from the model card, e.g. "Pipeline" → "text-generation". */
    public record Fact(String label, String value) {
    }

    public TemplateInstance page(Resolver.Resolution resolution, String base) {
        VersionRecord.Concept c = resolution.concept();
        // A model with nothing published yet (its /models page) has nothing to cite.
        boolean citable = !resolution.isConcept() || c.latest() != null;
        Citations citations = new Citations(base, "Stele", dois::findable);
        String apa = citable ? citations.render(CitationFormat.CITATION, resolution.citable(), "apa", null) : null;
        String bibtex = citable ? citations.render(CitationFormat.BIBTEX, resolution.citable(), null, null) : null;
        // JSON-LD sits inside <script>: "</" must not end it early.
        String jsonLd = citable ? citations.render(CitationFormat.SCHEMAORG, resolution.citable(), null, null).replace("</", "<\\/") : null;
        String repoId = c.namespace() + "/" + c.name();
        String modelHref = "/models/" + repoId;
        String conceptUrl = base + "/pid/" + c.pid();
        // Shown as "all versions": the concept's identifier, doi.org only when it is a registered DOI.
        String conceptIdentifierUrl = citations.identifierUrl(c.pid());
        VersionRecord latest = c.latest();
        List<VersionRow> versions = new ArrayList<>();
        String current = resolution.isConcept() ? null : resolution.version().version();
        for (VersionRecord.VersionRef ref : c.versions()) {
            versions.add(new VersionRow(ref.version(), "/pid/" + ref.pid(), date(ref.publishedAt()), "withdrawn".equals(ref.state()),
                    latest != null && latest.version().equals(ref.version()), ref.version().equals(current)));
        }
        List<FormatLink> formats = citable ? formats(resolution.pid()) : List.of();
        if (resolution.isConcept()) {
            Page page = new Page(c.pid(), conceptUrl, citations.identifierUrl(c.pid()), citations.registeredDoi(c.pid()), null,
                    c.title(), null, c.authors(), c.description(), c.license(), c.keywords(),
                    null, null, null, null, repoId, modelHref, conceptIdentifierUrl, latest == null ? null : "/pid/" + latest.pid(),
                    latest == null ? null : latest.version(), null, List.of(), versions, apa, bibtex, formats, null, jsonLd,
                    base + "/hf", repoId, "main", null, List.of(), List.of(),
                    List.of(), List.of(), List.of());
            return concept.data("page", page).data("timeline", null).data("lineage", null);
        }
        VersionRecord v = resolution.version();
        String url = base + "/pid/" + v.pid();
        String filesBase = "/api/v1/models/" + repoId + "/versions/" + v.version() + "/files/";
        List<FileRow> files = v.files().stream().map(f -> new FileRow(f.path(),
                f.path().substring(f.path().lastIndexOf('/') + 1), f.kind(), f.size(), humanSize(f.size()),
                f.digest().substring("sha256:".length()), filesBase + encodePath(f.path()), base + filesBase + encodePath(f.path())))
                .toList();
        VersionRow newer = latest != null && !latest.version().equals(v.version()) && v.next() != null
                ? new VersionRow(latest.version(), "/pid/" + latest.pid(), date(latest.publishedAt()), false, true, false) : null;
        // The bag is offered exactly where the files are: on the version page, never on a tombstone.
        String bagHref = resolution.withdrawn() ? null : "/api/v1/models/" + repoId + "/versions/" + encodePath(v.version()) + "/bag";
        Page page = new Page(v.pid(), url, citations.identifierUrl(v.pid()), citations.registeredDoi(v.pid()), bagHref, v.title(), v.version(), v.authors(), v.description(), v.license(), v.keywords(),
                v.manifestDigest(), date(v.publishedAt()), date(v.withdrawnAt()), v.withdrawalReason(), repoId, modelHref,
                conceptIdentifierUrl, null, null, newer, files, versions, apa, bibtex, formats,
                resolution.withdrawn() ? null : cards.html(v).orElse(null), jsonLd, base + "/hf", repoId,
                v.huggingFace() == null ? null : v.huggingFace().revision(), weights(v.facts()), cardFacts(v.facts()),
                v.facts() == null ? List.of() : v.facts().warnings(), v.facts() == null ? List.of() : v.facts().derivedFrom(),
                v.facts() == null ? List.of() : v.facts().derivatives(), v.facts() == null ? List.of() : v.facts().datasets());
        return (resolution.withdrawn() ? tombstone : version).data("page", page).data("signature", v.depositorSignature())
                .data("preservation", preservation(resolution.preservation(), v.pid()))
                .data("oci", resolution.withdrawn() ? null : OciTags.reference(c.namespace(), c.name(), v.version())
                        .map(ref -> base.replaceFirst("^https?://", "") + "/" + ref).orElse(null))
                .data("compareHref", v.previous() == null ? null : modelHref + "/compare?from="
                        + java.net.URLEncoder.encode(v.previous().version(), java.nio.charset.StandardCharsets.UTF_8) + "&to="
                        + java.net.URLEncoder.encode(v.version(), java.nio.charset.StandardCharsets.UTF_8))
                .data("tlsVerify", base.startsWith("http://") ? " --src-tls-verify=false" : "");
    }

    /** A released version on the model page's timeline, with the aliases that point at it. */
    public record TimelineRow(String label, String href, String state, String stateText, String publishedDate, String withdrawnDate,
            String embargoUntilDate, List<String> aliases) {
    }

    /** A model's page: its concept record and citation, the timeline of its versions and its lineage graph. */
    public TemplateInstance model(ModelOverview.Overview overview, String base) {
        List<TimelineRow> timeline = overview.timeline().stream().map(r -> new TimelineRow(r.label(), "/pid/" + r.pid(), r.state(),
                switch (r.state()) {
                    case "withdrawn" -> "withdrawn";
                    case "embargoed" -> "under embargo: files open " + date(r.embargoUntil());
                    default -> "published";
                }, date(r.publishedAt()), date(r.withdrawnAt()), date(r.embargoUntil()), r.aliases())).toList();
        return page(overview.resolution(), base).data("timeline", timeline).data("lineage", LineageDrawing.of(overview.lineage()));
    }

    /**
     * The trust panel: how the version is kept and who vouches for its files, as the landing page words it; null when
     * there is none to show (a withdrawn version). {@code archiveVerified} is when a fixity pass last found the archive's
     * signature bundle intact; {@code depositorVerified} when the depositor's was verified against every file, at
     * publish; {@code dataCiteState} what DataCite holds for the identifier, null when registration is off.
     */
    public record PreservationView(String bytesVerified, String recordVerified, long damagedFiles, int copies, String archiveKeyId,
            String archiveVerified, String depositorKeyId, String depositorVerified, String dataCiteState, boolean dataCitePending) {
    }

    private PreservationView preservation(VersionCustody.Preservation status, String pid) {
        if (status == null) {
            return null;
        }
        VersionCustody.Signature archive = signature(status, "archive");
        VersionCustody.Signature depositor = signature(status, "depositor");
        Optional<Registration.PublicState> registration = dois.state(pid);
        return new PreservationView(moment(status.bytesVerifiedAt()), moment(status.recordVerifiedAt()), status.damagedFiles(),
                status.copies(), archive == null ? null : archive.keyId(), archive == null ? null : moment(archive.verifiedAt()),
                depositor == null ? null : depositor.keyId(), depositor == null ? null : moment(depositor.verifiedAt()),
                registration.map(Registration.PublicState::state).orElse(null),
                registration.map(Registration.PublicState::pending).orElse(false));
    }

    private static VersionCustody.Signature signature(VersionCustody.Preservation status, String signer) {
        return status.signatures().stream().filter(s -> s.signer().equals(signer)).findFirst().orElse(null);
    }

    private static String moment(Instant at) {
        return at == null ? null : DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC).format(at);
    }

    /** The HTML form of a refusal, e.g. the "reserved, not yet published" page. */
    public TemplateInstance problem(ArchiveException e) {
        return problem.data("problem", new ProblemView(e.code(), ErrorCodes.title(e), e.getMessage()));
    }

    /** A refusal as the problem page shows it. */
    public record ProblemView(String code, String title, String detail) {
    }

    static List<FormatLink> formats(String pid) {
        List<FormatLink> links = new ArrayList<>();
        links.add(new FormatLink("JSON", "/pid/" + pid + "?format=json"));
        for (CitationFormat f : CitationFormat.values()) {
            links.add(new FormatLink(label(f), "/pid/" + pid + "?format=" + f.formatName()));
        }
        return links;
    }

    private static String label(CitationFormat format) {
        return switch (format.formatName()) {
            case "datacite-xml" -> "DataCite XML";
            case "datacite-json" -> "DataCite JSON";
            case "csl" -> "CSL-JSON";
            case "bibtex" -> "BibTeX";
            case "ris" -> "RIS";
            case "citation" -> "APA (text)";
            case "schemaorg" -> "schema.org JSON-LD";
            case "cff" -> "CITATION.cff";
            default -> format.formatName();
        };
    }

    /** E.g. "7.24 B parameters, bf16, 4 shards"; null without readable weights. */
    static String weights(VersionRecord.ModelFacts facts) {
        if (facts == null || facts.parameterCount() == null) {
            return null;
        }
        long n = facts.parameterCount();
        String count = n >= 1_000_000_000L ? String.format(Locale.ROOT, "%.2f B", n / 1e9)
                : n >= 1_000_000L ? String.format(Locale.ROOT, "%.2f M", n / 1e6)
                : n >= 1_000L ? String.format(Locale.ROOT, "%.2f K", n / 1e3) : Long.toString(n);
        StringBuilder text = new StringBuilder(count).append(" parameters");
        if (!facts.dtypes().isEmpty()) {
            text.append(", ").append(String.join("/", facts.dtypes()));
        }
        if (facts.weightFiles() != null && facts.weightFiles() > 1) {
            text.append(", ").append(facts.weightFiles()).append(" shards");
        }
        return text.toString();
    }

    /** The card's structured fields worth a line each on the page, in Hub order. */
    static List<Fact> cardFacts(VersionRecord.ModelFacts facts) {
        List<Fact> out = new ArrayList<>();
        if (facts == null || facts.card() == null) {
            return out;
        }
        String[][] shown = {{"license", "Card licence"}, {"pipeline_tag", "Task"}, {"library_name", "Library"},
            {"language", "Languages"}, {"tags", "Tags"}, {"datasets", "Datasets"},
            {"metrics", "Metrics"}};
        for (String[] key : shown) {
            List<String> values = ModelCard.strings(facts.card().get(key[0]));
            if (!values.isEmpty()) {
                out.add(new Fact(key[1], String.join(", ", values)));
            }
        }
        return out;
    }

    static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** Percent-encodes each segment of a file path for a URL, keeping the '/' separators. */
    public static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (byte b : path.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~/".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    private static String date(Instant instant) {
        return instant == null ? null : DATE.format(instant);
    }
}
