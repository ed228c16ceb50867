package org.stele.api.oai;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamException;
import org.stele.archive.harvesting.Harvest;
import org.stele.archive.harvesting.HarvestSet;
import org.stele.archive.harvesting.MetadataFormat;
import org.stele.archive.harvesting.ResumptionToken;
import org.stele.archive.harvesting.Selection;
import org.stele.config.SteleConfig;
import org.stele.domain.Timestamps;

/**
 * OAI-PMH 2.0: reads a request's arguments, checks them as the protocol says, asks {@link Harvest} and writes the
 * answer. Every problem with a request is an {@code <error>} inside the XML, never an HTTP status.
 * Identifiers are {@code oai:<host of the public base URL>:<pid>}.
 */
@ApplicationScoped
public class OaiPmh {
    private static final Map<String, Set<String>> ARGUMENTS = Map.of(
            "Identify", Set.of(),
            "ListMetadataFormats", Set.of("identifier"),
            "ListSets", Set.of("resumptionToken"),
            "GetRecord", Set.of("identifier", "metadataPrefix"),
            "ListIdentifiers", Set.of("metadataPrefix", "from", "until", "set", "resumptionToken"),
            "ListRecords", Set.of("metadataPrefix", "from", "until", "set", "resumptionToken"));
    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern SECOND = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    private static final Pattern METADATA_PREFIX = Pattern.compile("[A-Za-z0-9\\-_.!~*'()]+");
    /** What may be echoed as an identifier attribute (anyURI) without making the response invalid. */
    private static final Pattern URI_LIKE = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\\-._~:/?@!$&'()*+,;=]{1,400}");

    private final Harvest harvest;
    private final SteleConfig config;

    OaiPmh(Harvest harvest, SteleConfig config) {
        this.harvest = harvest;
        this.config = config;
    }

    private record Problem(String code, String message) {
    }

    /** The answer to {@code arguments}, for the endpoint at {@code baseUrl} (the archive's public base + /oai2d). */
    public String answer(OaiArguments arguments, String publicBase) {
        String baseUrl = publicBase + "/oai2d";
        try {
            return respond(arguments, publicBase, baseUrl);
        } catch (XMLStreamException e) {
            throw new IllegalStateException("could not write an OAI-PMH response", e);
        }
    }

    private String respond(OaiArguments arguments, String publicBase, String baseUrl) throws XMLStreamException {
        Instant now = Timestamps.now();
        if (arguments.malformed() != null) {
            return errors(now, baseUrl, List.of(new Problem("badArgument", arguments.malformed())));
        }
        List<String> verbs = arguments.values().getOrDefault("verb", List.of());
        if (verbs.size() != 1 || !ARGUMENTS.containsKey(verbs.get(0))) {
            return errors(now, baseUrl, List.of(new Problem("badVerb", verbs.isEmpty() ? "no verb was given"
                    : verbs.size() > 1 ? "the verb was given more than once" : "that is not an OAI-PMH verb")));
        }
        String verb = verbs.get(0);
        List<Problem> bad = checkArguments(verb, arguments);
        if (!bad.isEmpty()) {
            return errors(now, baseUrl, bad);
        }
        Map<String, String> echo = new LinkedHashMap<>();
        echo.put("verb", verb);
        arguments.values().forEach((name, values) -> {
            if (!name.equals("verb")) {
                echo.put(name, values.get(0));
            }
        });
        if (echo.containsKey("identifier") && !URI_LIKE.matcher(echo.get("identifier")).matches()) {
            echo.remove("identifier");
        }
        return switch (verb) {
            case "Identify" -> identify(now, baseUrl, echo);
            case "ListMetadataFormats" -> listMetadataFormats(now, baseUrl, echo, arguments.get("identifier"), publicBase);
            case "ListSets" -> listSets(now, baseUrl, echo, arguments.get("resumptionToken"));
            case "GetRecord" -> getRecord(now, baseUrl, echo, arguments, publicBase);
            default -> list(now, baseUrl, echo, verb, arguments, publicBase);
        };
    }

    /** Repeated, unknown, missing and ill-formed arguments: badArgument, all of them reported. */
    private static List<Problem> checkArguments(String verb, OaiArguments arguments) {
        List<Problem> bad = new ArrayList<>();
        Set<String> allowed = ARGUMENTS.get(verb);
        arguments.values().forEach((name, values) -> {
            if (!name.equals("verb") && !allowed.contains(name)) {
                bad.add(new Problem("badArgument", verb + " takes no argument '" + printable(name) + "'"));
            } else if (values.size() > 1) {
                bad.add(new Problem("badArgument", "'" + printable(name) + "' was given more than once"));
            } else if (values.get(0).isEmpty() || !xmlSafe(values.get(0)) || values.get(0).length() > 4096) {
                bad.add(new Problem("badArgument", "'" + printable(name) + "' has an empty or unusable value"));
            }
        });
        if (!bad.isEmpty()) {
            return bad;
        }
        boolean token = arguments.get("resumptionToken") != null;
        if (token && arguments.values().size() > 2) {
            bad.add(new Problem("badArgument", "resumptionToken is an exclusive argument: it cannot be combined with others"));
        }
        if (!token && (verb.equals("ListRecords") || verb.equals("ListIdentifiers") || verb.equals("GetRecord"))) {
            if (arguments.get("metadataPrefix") == null) {
                bad.add(new Problem("badArgument", verb + " needs metadataPrefix"));
            } else if (!METADATA_PREFIX.matcher(arguments.get("metadataPrefix")).matches()) {
                bad.add(new Problem("badArgument", "metadataPrefix is not a metadata prefix"));
            }
        }
        if (verb.equals("GetRecord") && arguments.get("identifier") == null) {
            bad.add(new Problem("badArgument", "GetRecord needs identifier"));
        }
        String set = arguments.get("set");
        if (set != null && !HarvestSet.wellFormed(set)) {
            bad.add(new Problem("badArgument", "set is not a setSpec"));
        }
        String from = arguments.get("from");
        String until = arguments.get("until");
        if (from != null && parseDate(from) == null) {
            bad.add(new Problem("badArgument", "from is not a date (YYYY-MM-DD) or time (YYYY-MM-DDThh:mm:ssZ)"));
        }
        if (until != null && parseDate(until) == null) {
            bad.add(new Problem("badArgument", "until is not a date (YYYY-MM-DD) or time (YYYY-MM-DDThh:mm:ssZ)"));
        }
        if (bad.isEmpty() && from != null && until != null) {
            if (from.length() != until.length()) {
                bad.add(new Problem("badArgument", "from and until must have the same granularity"));
            } else if (parseDate(from).isAfter(parseDate(until))) {
                bad.add(new Problem("badArgument", "from is later than until"));
            }
        }
        return bad;
    }

    private String identify(Instant now, String baseUrl, Map<String, String> echo) throws XMLStreamException {
        OaiXml xml = new OaiXml(now, baseUrl, echo);
        xml.start("Identify");
        xml.text("repositoryName", config.oai().repositoryName());
        xml.text("baseURL", baseUrl);
        xml.text("protocolVersion", "2.0");
        xml.text("adminEmail", config.oai().adminEmail());
        xml.text("earliestDatestamp", OaiXml.datestamp(harvest.earliestDatestamp()));
        xml.text("deletedRecord", "persistent");
        xml.text("granularity", "YYYY-MM-DDThh:mm:ssZ");
        xml.end();
        return xml.finish();
    }

    private String listMetadataFormats(Instant now, String baseUrl, Map<String, String> echo, String identifier,
            String publicBase) throws XMLStreamException {
        if (identifier != null && record(identifier, null, publicBase).isEmpty()) {
            return errors(now, baseUrl, echo, List.of(unknownIdentifier()));
        }
        OaiXml xml = new OaiXml(now, baseUrl, echo);
        xml.start("ListMetadataFormats");
        for (MetadataFormat format : MetadataFormat.values()) {
            xml.start("metadataFormat");
            xml.text("metadataPrefix", format.prefix());
            xml.text("schema", format.schema());
            xml.text("metadataNamespace", format.namespace());
            xml.end();
        }
        xml.end();
        return xml.finish();
    }

    private String listSets(Instant now, String baseUrl, Map<String, String> echo, String token) throws XMLStreamException {
        if (token != null) {
            // Every set fits in one answer, so this repository never hands out a ListSets token.
            return errors(now, baseUrl, echo, List.of(new Problem("badResumptionToken", "this repository issues no ListSets tokens")));
        }
        OaiXml xml = new OaiXml(now, baseUrl, echo);
        xml.start("ListSets");
        for (Harvest.SetEntry set : harvest.sets()) {
            xml.start("set");
            xml.text("setSpec", set.spec());
            xml.text("setName", set.name());
            xml.end();
        }
        xml.end();
        return xml.finish();
    }

    private String getRecord(Instant now, String baseUrl, Map<String, String> echo, OaiArguments arguments, String publicBase)
            throws XMLStreamException {
        Optional<MetadataFormat> format = MetadataFormat.of(arguments.get("metadataPrefix"));
        List<Problem> problems = new ArrayList<>();
        if (format.isEmpty()) {
            problems.add(cannotDisseminate());
        }
        Optional<Harvest.Record> record = record(arguments.get("identifier"), format.orElse(null), publicBase);
        if (record.isEmpty()) {
            problems.add(unknownIdentifier());
        }
        if (!problems.isEmpty()) {
            return errors(now, baseUrl, echo, problems);
        }
        OaiXml xml = new OaiXml(now, baseUrl, echo);
        xml.start("GetRecord");
        record(xml, record.get(), format.get(), publicBase);
        xml.end();
        return xml.finish();
    }

    private String list(Instant now, String baseUrl, Map<String, String> echo, String verb, OaiArguments arguments,
            String publicBase) throws XMLStreamException {
        ResumptionToken token = null;
        Selection selection;
        if (arguments.get("resumptionToken") != null) {
            try {
                token = ResumptionToken.decode(arguments.get("resumptionToken"), verb);
            } catch (IllegalArgumentException e) {
                return errors(now, baseUrl, echo, List.of(new Problem("badResumptionToken",
                        "the resumption token is not one this repository issued for " + verb + ": " + e.getMessage())));
            }
            selection = token.selection();
        } else {
            Optional<MetadataFormat> format = MetadataFormat.of(arguments.get("metadataPrefix"));
            if (format.isEmpty()) {
                return errors(now, baseUrl, echo, List.of(cannotDisseminate()));
            }
            String from = arguments.get("from");
            String until = arguments.get("until");
            selection = new Selection(format.get(), arguments.get("set"), from == null ? null : parseDate(from),
                    until == null ? null : afterLast(until));
        }
        boolean records = verb.equals("ListRecords");
        Harvest.Page page = harvest.page(verb, selection, token, records, Math.max(1, config.oai().pageSize()), publicBase);
        if (page.records().isEmpty()) {
            // With a token too: the records after its position changed meanwhile, so the list has nothing left.
            return errors(now, baseUrl, echo, List.of(new Problem("noRecordsMatch",
                    "no record matches this combination of metadataPrefix, set, from and until")));
        }
        OaiXml xml = new OaiXml(now, baseUrl, echo);
        xml.start(verb);
        for (Harvest.Record record : page.records()) {
            if (records) {
                record(xml, record, selection.format(), publicBase);
            } else {
                header(xml, record, publicBase);
            }
        }
        if (token != null || page.next() != null) {
            xml.start("resumptionToken");
            xml.writer().writeAttribute("completeListSize", Long.toString(page.completeListSize()));
            xml.writer().writeAttribute("cursor", Long.toString(page.cursor()));
            if (page.next() != null) {
                xml.writer().writeCharacters(page.next().encode());
            }
            xml.end();
        }
        xml.end();
        return xml.finish();
    }

    private void record(OaiXml xml, Harvest.Record record, MetadataFormat format, String publicBase) throws XMLStreamException {
        xml.start("record");
        header(xml, record, publicBase);
        if (!record.deleted()) {
            xml.start("metadata");
            if (format == MetadataFormat.OAI_DATACITE) {
                // DataCite's envelope (oai-1.1): the kernel version, the repository's symbol, the record unaltered.
                String ns = MetadataFormat.OAI_DATACITE.namespace();
                xml.writer().writeStartElement("", "oai_datacite", ns);
                xml.writer().writeDefaultNamespace(ns);
                xml.writer().writeNamespace("xsi", "http://www.w3.org/2001/XMLSchema-instance");
                xml.writer().writeAttribute("xsi", "http://www.w3.org/2001/XMLSchema-instance", "schemaLocation",
                        ns + " " + MetadataFormat.OAI_DATACITE.schema());
                element(xml, ns, "schemaVersion", MetadataFormat.DATACITE_SCHEMA_VERSION);
                element(xml, ns, "datacentreSymbol", config.oai().datacentreSymbol().orElse(config.oai().repositoryName()));
                xml.writer().writeStartElement("", "payload", ns);
                xml.splice(record.metadata());
                xml.writer().writeEndElement();
                xml.writer().writeEndElement();
            } else {
                xml.splice(record.metadata());
            }
            xml.end();
        }
        xml.end();
    }

    private static void element(OaiXml xml, String ns, String name, String value) throws XMLStreamException {
        xml.writer().writeStartElement("", name, ns);
        xml.writer().writeCharacters(value);
        xml.writer().writeEndElement();
    }

    private void header(OaiXml xml, Harvest.Record record, String publicBase) throws XMLStreamException {
        xml.start("header");
        if (record.deleted()) {
            xml.writer().writeAttribute("status", "deleted");
        }
        xml.text("identifier", "oai:" + host(publicBase) + ":" + record.pid());
        xml.text("datestamp", OaiXml.datestamp(record.datestamp()));
        xml.text("setSpec", record.set());
        xml.end();
    }

    /** The record an OAI identifier names, if it is one of this repository's and a harvester may know it. */
    private Optional<Harvest.Record> record(String identifier, MetadataFormat format, String publicBase) {
        String prefix = "oai:" + host(publicBase) + ":";
        if (identifier == null || !identifier.toLowerCase(Locale.ROOT).startsWith(prefix)) {
            return Optional.empty();
        }
        return harvest.record(identifier.substring(prefix.length()), format, publicBase);
    }

    /** The repository identifier: the host of the public base URL, lowercase. */
    private static String host(String publicBase) {
        String host = URI.create(publicBase).getHost();
        return host == null ? "localhost" : host.toLowerCase(Locale.ROOT);
    }

    private String errors(Instant now, String baseUrl, List<Problem> problems) throws XMLStreamException {
        return errors(now, baseUrl, Map.of(), problems);
    }

    private String errors(Instant now, String baseUrl, Map<String, String> echo, List<Problem> problems) throws XMLStreamException {
        OaiXml xml = new OaiXml(now, baseUrl, echo);
        for (Problem problem : problems) {
            xml.error(problem.code(), problem.message());
        }
        return xml.finish();
    }

    private static Problem cannotDisseminate() {
        return new Problem("cannotDisseminateFormat", "this repository offers oai_dc, oai_datacite and datacite");
    }

    private static Problem unknownIdentifier() {
        return new Problem("idDoesNotExist", "no record of this repository has that identifier");
    }

    /** The instant a from/until value names (its first instant for a day), or null when it is neither granularity. */
    static Instant parseDate(String value) {
        try {
            if (DAY.matcher(value).matches()) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (SECOND.matcher(value).matches()) {
                return Instant.parse(value);
            }
        } catch (DateTimeParseException e) {
            return null;
        }
        return null;
    }

    /** The first instant after an inclusive until: the next day, or the next second. */
    private static Instant afterLast(String until) {
        return parseDate(until).plus(1, until.length() == 10 ? ChronoUnit.DAYS : ChronoUnit.SECONDS);
    }

    /** Whether XML 1.0 can carry the text (it cannot carry most control characters). */
    private static boolean xmlSafe(String text) {
        return text.codePoints().allMatch(c -> c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF
                || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000 && c <= 0x10FFFF);
    }

    /** An argument name as an error message may quote it. */
    private static String printable(String name) {
        String cut = name.length() > 40 ? name.substring(0, 40) + "…" : name;
        return xmlSafe(cut) ? cut : "(unprintable)";
    }
}
