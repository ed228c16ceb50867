package org.stele.api.oai;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.gdcc.xoai.model.oaipmh.DeletedRecord;
import io.gdcc.xoai.model.oaipmh.Granularity;
import io.gdcc.xoai.model.oaipmh.results.Record;
import io.gdcc.xoai.model.oaipmh.verbs.Identify;
import io.gdcc.xoai.serviceprovider.ServiceProvider;
import io.gdcc.xoai.serviceprovider.client.OAIClient;
import io.gdcc.xoai.serviceprovider.model.Context;
import io.gdcc.xoai.serviceprovider.parameters.ListRecordsParameters;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.stele.domain.Timestamps;
import org.stele.support.Bytes;
import org.stele.support.Clients;
import org.stele.support.Deposits;
import org.stele.support.Lab;
import org.stele.support.RawHttp;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The OAI-PMH data provider, harvested by real harvesters (XOAI, HTTP::OAI) and read raw: every answer is HTTP 200
 * and valid against the OAI-PMH, oai_dc, oai_datacite and DataCite kernel 4.6 schemas, offline. The test profile's
 * page size is 3.
 */
@QuarkusTest
class OaiPmhTest {
    private static final String OAI = "http://www.openarchives.org/OAI/2.0/";
    private static final String DC = "http://purl.org/dc/elements/1.1/";
    private static final Schema SCHEMA = schema();

    @TestHTTPResource("/oai2d")
    URL endpoint;

    @TestHTTPResource("/")
    URL root;

    @AfterEach
    void realTime() {
        Timestamps.useClock(null);
    }

    @Test
    void identifyDescribesTheRepositoryAndAHarvesterReadsIt() {
        Document identify = oai("verb=Identify");
        assertThat(text(identify, "repositoryName")).isEqualTo("Stele");
        assertThat(text(identify, "baseURL")).isEqualTo(endpoint.toString());
        assertThat(text(identify, "protocolVersion")).isEqualTo("2.0");
        assertThat(text(identify, "adminEmail")).isEqualTo("oai-admin@stele.invalid");
        assertThat(text(identify, "deletedRecord")).isEqualTo("persistent");
        assertThat(text(identify, "granularity")).isEqualTo("YYYY-MM-DDThh:mm:ssZ");
        assertThat(text(identify, "earliestDatestamp")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");

        Identify read = harvester().identify();
        assertThat(read.getDeletedRecord()).isEqualTo(DeletedRecord.PERSISTENT);
        assertThat(read.getGranularity()).isEqualTo(Granularity.Second);
        assertThat(read.getAdminEmails()).containsExactly("oai-admin@stele.invalid");

        Document formats = oai("verb=ListMetadataFormats");
        assertThat(texts(formats, "metadataPrefix")).containsExactly("oai_dc", "oai_datacite", "datacite");
        // POST with a form body is the same request.
        Document posted = post("verb=ListMetadataFormats", "application/x-www-form-urlencoded");
        assertThat(texts(posted, "metadataPrefix")).containsExactly("oai_dc", "oai_datacite", "datacite");
    }

    @Test
    void everyRecordIsHarvestedAcrossResumptionTokensInEveryFormat() throws Exception {
        String ns = namespace("harvest");
        List<String> pids = new ArrayList<>();
        for (int m = 0; m < 2; m++) {
            String model = Deposits.model(ns, "m", false);
            for (int v = 1; v <= (m == 0 ? 4 : 3); v++) {
                pids.add(publish(model, v + ".0"));
            }
        }
        String set = "namespace:" + ns;

        // Raw: pages of 3, 3 and 1 records; the last one carries an empty token with the list's size.
        List<String> seen = new ArrayList<>();
        Document page = oai("verb=ListRecords&metadataPrefix=oai_dc&set=" + set);
        String firstToken = token(page).getTextContent();
        List<Integer> sizes = new ArrayList<>();
        while (true) {
            NodeList records = page.getElementsByTagNameNS(OAI, "record");
            sizes.add(records.getLength());
            seen.addAll(texts(page, "identifier"));
            Element token = token(page);
            assertThat(token.getAttribute("completeListSize")).isEqualTo("7");
            assertThat(token.getAttribute("cursor")).isEqualTo(String.valueOf(seen.size() - records.getLength()));
            if (token.getTextContent().isEmpty()) {
                break;
            }
            page = oai("verb=ListRecords&resumptionToken=" + token.getTextContent());
        }
        assertThat(sizes).containsExactly(3, 3, 1);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(pids.stream().map(this::oaiId).toList());
        // Replaying a token gives the same page.
        assertThat(texts(oai("verb=ListRecords&resumptionToken=" + firstToken), "identifier"))
                .isEqualTo(texts(oai("verb=ListRecords&resumptionToken=" + firstToken), "identifier"));

        // XOAI follows the tokens in every format; the metadata is the record's.
        for (String prefix : List.of("oai_dc", "oai_datacite", "datacite")) {
            List<Record> harvested = new ArrayList<>();
            harvester().listRecords(ListRecordsParameters.request().withMetadataPrefix(prefix).withSetSpec(set))
                    .forEachRemaining(harvested::add);
            assertThat(harvested).extracting(r -> r.getHeader().getIdentifier())
                    .containsExactlyInAnyOrderElementsOf(pids.stream().map(this::oaiId).toList());
            for (Record record : harvested) {
                String xml = record.getMetadata().asUnparsedString();
                String pid = record.getHeader().getIdentifier().substring(oaiId("").length());
                assertThat(xml).contains(pid).contains("A model called");
                assertThat(record.getHeader().getSetSpecs()).containsExactly(set);
            }
            // Each format validates in every response (oai() checks the schemas).
            oai("verb=GetRecord&metadataPrefix=" + prefix + "&identifier=" + oaiId(pids.get(0)));
        }
        Document dc = oai("verb=GetRecord&metadataPrefix=oai_dc&identifier=" + oaiId(pids.get(0)));
        assertThat(dc.getElementsByTagNameNS(DC, "identifier").item(0).getTextContent()).endsWith("/pid/" + pids.get(0));
        assertThat(texts(oai("verb=ListSets"), "setSpec")).contains("namespace", set);

        // The whole repository, without a set: XOAI and the first page's completeListSize agree.
        String total = token(oai("verb=ListIdentifiers&metadataPrefix=oai_dc")).getAttribute("completeListSize");
        Iterator<io.gdcc.xoai.model.oaipmh.results.record.Header> all = harvester().listIdentifiers(
                io.gdcc.xoai.serviceprovider.parameters.ListIdentifiersParameters.request().withMetadataPrefix("datacite"));
        int count = 0;
        while (all.hasNext()) {
            all.next();
            count++;
        }
        assertThat(String.valueOf(count)).isEqualTo(total);
    }

    @Test
    void draftsRestrictedModelsAndEmbargoesNeverAppearWithdrawalsStayAsDeletedHeaders() throws Exception {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String ns = namespace("vis");
        String set = "namespace:" + ns;
        String open = Deposits.model(ns, "open", false);
        String kept = publish(open, "1.0");
        String withdrawn = publish(open, "2.0");
        Deposits.createVersion(open, "3.0-draft").statusCode(201);
        String draft = Deposits.version(open, "3.0-draft").statusCode(200).extract().path("pid");
        String restrictedModel = Deposits.model(ns, "hidden", true);
        String restricted = publish(restrictedModel, "1.0");
        String embargoedModel = Deposits.model(ns, "later", false);
        Instant until = t0.plus(1, ChronoUnit.DAYS);
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON)
                .body(Map.of("version", "1.0", "embargoUntil", until.toString()))
                .post("/api/v1/models/" + embargoedModel + "/versions").then().statusCode(201);
        Deposits.putFile(embargoedModel, "1.0", "w.bin", Bytes.random(300, 7)).statusCode(201);
        String embargoed = Deposits.publish(embargoedModel, "1.0").statusCode(200).extract().path("pid");

        assertThat(identifiers(set)).containsExactlyInAnyOrder(oaiId(kept), oaiId(withdrawn));
        for (String hidden : List.of(draft, restricted, embargoed)) {
            assertThat(errorCode(oai("verb=GetRecord&metadataPrefix=oai_dc&identifier=" + oaiId(hidden)))).isEqualTo("idDoesNotExist");
            assertThat(errorCode(oai("verb=ListMetadataFormats&identifier=" + oaiId(hidden)))).isEqualTo("idDoesNotExist");
        }
        Instant published = datestamp(oai("verb=GetRecord&metadataPrefix=oai_dc&identifier=" + oaiId(withdrawn)));

        // Withdrawn: a deleted header, no metadata, a later datestamp; in every format and in lists.
        Thread.sleep(1100);
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body(Map.of("reason", "licence dispute"))
                .post("/api/v1/models/" + open + "/versions/2.0/withdraw").then().statusCode(200);
        for (String prefix : List.of("oai_dc", "oai_datacite", "datacite")) {
            Document gone = oai("verb=GetRecord&metadataPrefix=" + prefix + "&identifier=" + oaiId(withdrawn));
            Element header = (Element) gone.getElementsByTagNameNS(OAI, "header").item(0);
            assertThat(header.getAttribute("status")).isEqualTo("deleted");
            assertThat(gone.getElementsByTagNameNS(OAI, "metadata").getLength()).isZero();
            assertThat(datestamp(gone)).isAfter(published);
        }
        Document listed = oai("verb=ListRecords&metadataPrefix=oai_dc&set=" + set);
        assertThat(listed.getElementsByTagNameNS(OAI, "metadata").getLength()).isEqualTo(1);
        assertThat(identifiers(set)).containsExactlyInAnyOrder(oaiId(kept), oaiId(withdrawn));

        // A restricted model made public: its versions appear, with the change as their datestamp.
        Thread.sleep(1100);
        Instant beforePublic = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body(Map.of("visibility", "public"))
                .patch("/api/v1/models/" + restrictedModel).then().statusCode(200);
        Document appeared = oai("verb=GetRecord&metadataPrefix=oai_dc&identifier=" + oaiId(restricted));
        assertThat(datestamp(appeared)).isAfterOrEqualTo(beforePublic);
        // An incremental harvest from then on sees it (and not the records that did not change).
        Document since = oai("verb=ListIdentifiers&metadataPrefix=oai_dc&set=" + set + "&from=" + OaiXml.datestamp(beforePublic));
        assertThat(texts(since, "identifier")).contains(oaiId(restricted)).doesNotContain(oaiId(kept));

        // Made restricted again: harvesters may hold its record, so it stays as a deleted header (with a newer
        // datestamp and no metadata) rather than vanishing; public again, it is a full record again.
        Thread.sleep(1100);
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body(Map.of("visibility", "restricted"))
                .patch("/api/v1/models/" + restrictedModel).then().statusCode(200);
        Document withheld = oai("verb=GetRecord&metadataPrefix=oai_dc&identifier=" + oaiId(restricted));
        assertThat(((Element) withheld.getElementsByTagNameNS(OAI, "header").item(0)).getAttribute("status")).isEqualTo("deleted");
        assertThat(withheld.getElementsByTagNameNS(OAI, "metadata").getLength()).isZero();
        assertThat(datestamp(withheld)).isAfter(datestamp(appeared));
        assertThat(identifiers(set)).contains(oaiId(restricted));
        // A model that was never public is still unknown to harvesters.
        String neverOpen = publish(Deposits.model(ns, "never-open", true), "1.0");
        assertThat(errorCode(oai("verb=GetRecord&metadataPrefix=oai_dc&identifier=" + oaiId(neverOpen)))).isEqualTo("idDoesNotExist");
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body(Map.of("visibility", "public"))
                .patch("/api/v1/models/" + restrictedModel).then().statusCode(200);
        Document back = oai("verb=GetRecord&metadataPrefix=oai_dc&identifier=" + oaiId(restricted));
        assertThat(((Element) back.getElementsByTagNameNS(OAI, "header").item(0)).hasAttribute("status")).isFalse();
        assertThat(back.getElementsByTagNameNS(OAI, "metadata").getLength()).isEqualTo(1);

        // The embargo ends: the version appears with the end of the embargo as its datestamp.
        Timestamps.useClock(Clock.fixed(until, ZoneOffset.UTC));
        Document opened = oai("verb=GetRecord&metadataPrefix=datacite&identifier=" + oaiId(embargoed));
        assertThat(datestamp(opened)).isEqualTo(until);
        assertThat(identifiers(set)).contains(oaiId(embargoed));
    }

    @Test
    void aDerivativeReleasedLaterMovesTheBaseModelsDatestamp() throws Exception {
        String ns = namespace("lineage");
        String base = Deposits.model(ns, "base", false);
        String basePid = publish(base, "1.0");
        String query = "verb=GetRecord&metadataPrefix=datacite&identifier=" + oaiId(basePid);
        Document before = oai(query);
        assertThat(before.getElementsByTagNameNS("http://datacite.org/schema/kernel-4", "relatedIdentifier").getLength()).isEqualTo(1);
        Thread.sleep(1100);

        String derived = Deposits.model(ns, "tuned", false);
        Deposits.createVersion(derived, "1.0").statusCode(201);
        Deposits.putFile(derived, "1.0", "README.md", ("---\nbase_model: " + base + "@1.0\n---\n# Card\n")
                .getBytes(StandardCharsets.UTF_8)).statusCode(201);
        String derivedPid = Deposits.publish(derived, "1.0").statusCode(200).extract().path("pid");

        Document after = oai(query);
        assertThat(datestamp(after)).isAfter(datestamp(before));
        NodeList related = after.getElementsByTagNameNS("http://datacite.org/schema/kernel-4", "relatedIdentifier");
        List<String> relations = new ArrayList<>();
        for (int i = 0; i < related.getLength(); i++) {
            relations.add(((Element) related.item(i)).getAttribute("relationType") + " " + related.item(i).getTextContent());
        }
        // Not registered at DataCite: the derivative is related through the archive's resolver.
        assertThat(relations).anyMatch(r -> r.startsWith("IsSourceOf http") && r.endsWith("/pid/" + derivedPid));
    }

    @Test
    void fromUntilAndSetNarrowTheHarvest() throws Exception {
        String ns = namespace("range");
        String other = namespace("range-other");
        String model = Deposits.model(ns, "m", false);
        String first = publish(model, "1.0");
        Instant a = datestamp(oai("verb=GetRecord&metadataPrefix=oai_dc&identifier=" + oaiId(first)));
        Thread.sleep(1100);
        String elsewhere = publish(Deposits.model(other, "m", false), "1.0");
        String otherModel = Deposits.model(ns, "n", false);
        String second = publish(otherModel, "1.0");
        Instant b = datestamp(oai("verb=GetRecord&metadataPrefix=oai_dc&identifier=" + oaiId(second)));
        assertThat(b).isAfter(a);

        String set = "&set=namespace:" + ns;
        assertThat(texts(oai("verb=ListIdentifiers&metadataPrefix=oai_dc" + set + "&until=" + OaiXml.datestamp(a)), "identifier"))
                .containsExactly(oaiId(first));
        assertThat(texts(oai("verb=ListIdentifiers&metadataPrefix=oai_dc" + set + "&from=" + OaiXml.datestamp(b)), "identifier"))
                .containsExactly(oaiId(second));
        assertThat(texts(oai("verb=ListIdentifiers&metadataPrefix=oai_dc" + set + "&from=" + OaiXml.datestamp(a)
                + "&until=" + OaiXml.datestamp(b)), "identifier")).containsExactly(oaiId(first), oaiId(second));
        String day = OaiXml.datestamp(a).substring(0, 10);
        assertThat(texts(oai("verb=ListIdentifiers&metadataPrefix=oai_dc" + set + "&from=" + day + "&until=" + day), "identifier"))
                .contains(oaiId(first));
        assertThat(texts(oai("verb=ListIdentifiers&metadataPrefix=oai_dc&set=namespace:" + other), "identifier"))
                .containsExactly(oaiId(elsewhere));
        assertThat(errorCode(oai("verb=ListIdentifiers&metadataPrefix=oai_dc" + set + "&from=2999-01-01"))).isEqualTo("noRecordsMatch");
        assertThat(errorCode(oai("verb=ListRecords&metadataPrefix=oai_dc&set=namespace:no-such-namespace"))).isEqualTo("noRecordsMatch");
        assertThat(errorCode(oai("verb=ListRecords&metadataPrefix=oai_dc&set=license:mit"))).isEqualTo("noRecordsMatch");
    }

    @Test
    void everyMalformedRequestIsAnOaiErrorInside200() {
        String model = Deposits.model(namespace("bad"), "m", false);
        for (int v = 1; v <= 4; v++) {
            publish(model, v + ".0");
        }
        String token = token(oai("verb=ListIdentifiers&metadataPrefix=oai_dc")).getTextContent();
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("", "badVerb");
        cases.put("verb=Foo", "badVerb");
        cases.put("verb=Identify&verb=Identify", "badVerb");
        cases.put("verb=identify", "badVerb");
        cases.put("verb=Identify&extra=1", "badArgument");
        cases.put("verb=ListRecords", "badArgument");
        cases.put("verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc", "badArgument");
        cases.put("verb=ListRecords&metadataPrefix=", "badArgument");
        cases.put("verb=ListRecords&metadataPrefix=nope", "cannotDisseminateFormat");
        cases.put("verb=ListRecords&metadataPrefix=no%20pe", "badArgument");
        cases.put("verb=GetRecord&identifier=oai:x:y", "badArgument");
        cases.put("verb=GetRecord&metadataPrefix=oai_dc", "badArgument");
        cases.put("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:elsewhere.org:10.5072/abcd", "idDoesNotExist");
        cases.put("verb=GetRecord&metadataPrefix=oai_dc&identifier=" + oaiId("10.5072/0000-0000"), "idDoesNotExist");
        cases.put("verb=GetRecord&metadataPrefix=oai_dc&identifier=%3Cnot%20a%20uri%3E", "idDoesNotExist");
        cases.put("verb=GetRecord&metadataPrefix=nope&identifier=" + oaiId("10.5072/0000-0000"), "cannotDisseminateFormat");
        cases.put("verb=ListMetadataFormats&identifier=" + oaiId("10.5072/zzzz-zzzz"), "idDoesNotExist");
        cases.put("verb=ListIdentifiers&metadataPrefix=oai_dc&from=2026-01-01&until=2026-01-01T00:00:00Z", "badArgument");
        cases.put("verb=ListIdentifiers&metadataPrefix=oai_dc&from=2026-02-01&until=2026-01-01", "badArgument");
        cases.put("verb=ListIdentifiers&metadataPrefix=oai_dc&from=2026-01-01T00:00:00.5Z", "badArgument");
        cases.put("verb=ListIdentifiers&metadataPrefix=oai_dc&from=2026-02-30", "badArgument");
        cases.put("verb=ListIdentifiers&metadataPrefix=oai_dc&until=yesterday", "badArgument");
        cases.put("verb=ListIdentifiers&metadataPrefix=oai_dc&set=a%20b", "badArgument");
        cases.put("verb=ListIdentifiers&metadataPrefix=oai_dc&resumptionToken=" + token, "badArgument");
        cases.put("verb=ListIdentifiers&resumptionToken=junk", "badResumptionToken");
        cases.put("verb=ListIdentifiers&resumptionToken=" + "A".repeat(4000), "badResumptionToken");
        cases.put("verb=ListIdentifiers&resumptionToken=" + "A".repeat(5000), "badArgument");
        cases.put("verb=ListIdentifiers&resumptionToken=" + tampered(token), "badResumptionToken");
        cases.put("verb=ListRecords&resumptionToken=" + token, "badResumptionToken");
        cases.put("verb=ListSets&resumptionToken=" + token, "badResumptionToken");
        cases.put("verb=ListIdentifiers&resumptionToken=%C3%28", "badArgument");
        cases.put("verb=ListIdentifiers&metadataPrefix=oai_dc&set=%01", "badArgument");
        cases.forEach((query, code) -> assertThat(errorCode(oai(query))).as(query).isEqualTo(code));

        // Errors that are no badVerb/badArgument echo the request; those never do.
        Document refused = oai("verb=ListRecords&metadataPrefix=nope");
        assertThat(((Element) refused.getElementsByTagNameNS(OAI, "request").item(0)).getAttribute("metadataPrefix")).isEqualTo("nope");
        Document bad = oai("verb=Foo&x=1");
        assertThat(((Element) bad.getElementsByTagNameNS(OAI, "request").item(0)).getAttributes().getLength()).isZero();
        // Several problems are all reported.
        assertThat(oai("verb=ListRecords&a=1&b=2").getElementsByTagNameNS(OAI, "error").getLength()).isEqualTo(2);

        assertThat(errorCode(post("verb=Identify", "application/json"))).isEqualTo("badArgument");
        assertThat(errorCode(post("verb=Identify", "text/plain; charset=utf-8"))).isEqualTo("badArgument");
        // (A Content-Type that is no media type at all is refused by the HTTP layer, 400 bad_request, as on every surface.)
        assertThat(errorCode(post("verb=Foo", "application/x-www-form-urlencoded"))).isEqualTo("badVerb");
        // A malformed escape in a GET query is no valid request target, refused by the HTTP layer (400) before OAI
        // sees it; in a form body it is the OAI request's error.
        assertThat(errorCode(post("verb=ListIdentifiers&resumptionToken=%ZZ", "application/x-www-form-urlencoded"))).isEqualTo("badArgument");
        assertThat(new RawHttp(root).exchange("GET /oai2d?verb=ListIdentifiers&resumptionToken=%ZZ HTTP/1.1\r\nHost: "
                + endpoint.getHost() + "\r\n").status()).isEqualTo(400);
        assertThat(errorCode(post("verb=Identify&" + "x=1&".repeat(20000), "application/x-www-form-urlencoded"))).isEqualTo("badArgument");
    }

    @Test
    void debiansHttpOaiHarvesterHarvestsASet() throws Exception {
        Clients.require(Clients.exists("/usr/bin/oai_pmh"), "oai_pmh (Debian libhttp-oai-perl)");
        String ns = namespace("perl");
        String model = Deposits.model(ns, "m", false);
        List<String> pids = new ArrayList<>();
        for (int v = 1; v <= 4; v++) {
            pids.add(publish(model, v + ".0"));
        }
        Process process = new ProcessBuilder("/usr/bin/oai_pmh", "-X", "ListRecords", "--metadataPrefix", "oai_dc",
                "--set", "namespace:" + ns, endpoint.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        for (String pid : pids) {
            assertThat(output).contains(oaiId(pid));
        }
        assertThat(output).contains("dc:title");
    }

    // --- helpers

    private static String namespace(String stem) {
        String ns = Deposits.uniqueName(stem);
        Lab.createNamespace(ns);
        return ns;
    }

    private static String publish(String model, String label) {
        Deposits.createVersion(model, label).statusCode(201);
        Deposits.putFile(model, label, "w.bin", Bytes.random(200, label.hashCode() + model.hashCode())).statusCode(201);
        return Deposits.publish(model, label).statusCode(200).extract().path("pid");
    }

    private String oaiId(String pid) {
        return "oai:" + endpoint.getHost() + ":" + pid;
    }

    private ServiceProvider harvester() {
        String url = endpoint.toString();
        return new ServiceProvider(new Context().withBaseUrl(url).withGranularity(Granularity.Second).withSaveUnparsedMetadata()
                .withOAIClient(OAIClient.newBuilder().withBaseUrl(url).build()));
    }

    private List<String> identifiers(String set) {
        List<String> all = new ArrayList<>();
        Document page = oai("verb=ListIdentifiers&metadataPrefix=oai_dc&set=" + set);
        while (true) {
            all.addAll(texts(page, "identifier"));
            Element token = token(page);
            if (token == null || token.getTextContent().isEmpty()) {
                return all;
            }
            page = oai("verb=ListIdentifiers&resumptionToken=" + token.getTextContent());
        }
    }

    /** GETs a query exactly as written (already URL-encoded, malformed escapes too), checks it and parses the answer. */
    private Document oai(String query) {
        RawHttp.Answer answer = new RawHttp(root).exchange("GET /oai2d" + (query.isEmpty() ? "" : "?" + query)
                + " HTTP/1.1\r\nHost: " + endpoint.getHost() + ":" + endpoint.getPort() + "\r\n");
        assertThat(answer.status()).as(query + " " + answer.headers() + answer.body()).isEqualTo(200);
        return checked(answer.status(), answer.headers().get("content-type"), answer.body().getBytes(StandardCharsets.UTF_8));
    }

    private static Document post(String body, String contentType) {
        // RestAssured wants text for a form and bytes for other types it has no encoder for.
        Response response = contentType.startsWith("application/x-www-form-urlencoded")
                ? given().contentType(contentType).body(body).post("/oai2d")
                : given().contentType(contentType).body(body.getBytes(StandardCharsets.UTF_8)).post("/oai2d");
        return checked(response.statusCode(), response.contentType(), response.asByteArray());
    }

    private static Document checked(int status, String contentType, byte[] body) {
        assertThat(status).as(new String(body, StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(contentType.replace(" ", "")).isEqualToIgnoringCase("text/xml;charset=utf-8");
        try {
            SCHEMA.newValidator().validate(new StreamSource(new ByteArrayInputStream(body)));
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(body));
        } catch (Exception e) {
            throw new AssertionError("invalid OAI-PMH response: " + e.getMessage() + "\n" + new String(body, StandardCharsets.UTF_8), e);
        }
    }

    private static Schema schema() {
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            List<Source> sources = new ArrayList<>();
            for (String path : List.of("/oai-pmh/OAI-PMH.xsd", "/oai-pmh/oai_dc.xsd", "/oai-pmh/oai_datacite.xsd",
                    "/datacite/kernel-4.6/metadata.xsd")) {
                sources.add(new StreamSource(OaiPmhTest.class.getResource(path).toExternalForm()));
            }
            return factory.newSchema(sources.toArray(Source[]::new));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tampered(String token) {
        String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        String altered = decoded.replaceFirst("\\|oai_dc\\|", "|datacite|");
        return Base64.getUrlEncoder().withoutPadding().encodeToString(altered.getBytes(StandardCharsets.UTF_8));
    }

    private static String errorCode(Document document) {
        NodeList errors = document.getElementsByTagNameNS(OAI, "error");
        return errors.getLength() == 0 ? null : ((Element) errors.item(0)).getAttribute("code");
    }

    private static Element token(Document document) {
        NodeList tokens = document.getElementsByTagNameNS(OAI, "resumptionToken");
        return tokens.getLength() == 0 ? null : (Element) tokens.item(0);
    }

    private static Instant datestamp(Document document) {
        return Instant.parse(text(document, "datestamp"));
    }

    private static String text(Document document, String name) {
        return document.getElementsByTagNameNS(OAI, name).item(0).getTextContent();
    }

    private static List<String> texts(Document document, String name) {
        NodeList nodes = document.getElementsByTagNameNS(OAI, name);
        List<String> all = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            all.add(nodes.item(i).getTextContent());
        }
        return all;
    }
}
