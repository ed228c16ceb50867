package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.stele.archive.registration.RegisteredDois;
import org.stele.archive.registration.Registration;
import org.stele.support.DataCiteStandIn;
import org.stele.support.DataCiteStandIn.Answer;
import org.stele.support.DataCiteStandIn.Call;
import org.stele.support.Deposits;
import org.stele.support.Lab;
import org.stele.support.WebhookReceiver;

/**
 * DataCite registration against a loopback stand-in that records every request: the exact calls of an identifier's
 * life (draft, publish, update, hide; a discarded draft deleted), the attributes they carry, retries after outages and
 * errors that never hold up publishing, restricted models that send nothing, and one send per change across senders.
 */
@QuarkusTest
@TestProfile(DataCiteStandIn.class)
class DataCiteRegistrationTest {
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(
            (DataCiteStandIn.USERNAME + ":" + DataCiteStandIn.PASSWORD).getBytes(StandardCharsets.UTF_8));

    @Inject
    Registration registration;

    @Inject
    RegisteredDois dois;

    /** DataCite answers again, and what a test left failing is sent: the next test starts with nothing pending. */
    @AfterEach
    void heal() {
        DataCiteStandIn.heal();
        DataCiteStandIn.restart();
        sendUntil(() -> adminList("pending").isEmpty());
    }

    @Test
    void anIdentifiersLifeIsSentAsDataCiteExpectsIt() {
        String model = Deposits.model("lab", "dc-life", false);
        String concept = conceptOf(model);
        Deposits.createVersion(model, "1.0").statusCode(201);
        String pid = pidOf(model, "1.0");
        assertThat(pid).startsWith(DataCiteStandIn.PREFIX + "/");
        send();
        assertThat(kinds(concept)).containsExactly("draft");
        assertThat(kinds(pid)).containsExactly("draft");
        Call draft = DataCiteStandIn.calls(pid).get(0);
        assertThat(draft.method()).isEqualTo("POST");
        assertThat(draft.path()).isEqualTo("/dois");
        assertThat(draft.contentType()).isEqualTo("application/vnd.api+json");
        assertThat(draft.authorization()).isEqualTo(BASIC);
        assertThat(draft.json().path("data").path("type").asText()).isEqualTo("dois");
        assertThat(draft.json().path("data").path("attributes").path("doi").asText()).isEqualTo(pid);
        assertThat(draft.json().path("data").path("attributes").has("event")).isFalse(); // a draft
        assertThat(dois.findable(pid)).isFalse();

        Deposits.putFile(model, "1.0", "config.json", "{\"model_type\":\"llama\"}".getBytes(StandardCharsets.UTF_8)).statusCode(201);
        Deposits.putFile(model, "1.0", "README.md", ("---\nbase_model: meta-llama/Llama-3.1-8B\ntags: [text-generation]\n---\n"
                + "# Card\n").getBytes(StandardCharsets.UTF_8)).statusCode(201);
        Deposits.publish(model, "1.0").statusCode(200);
        send();
        Call publish = last(pid);
        assertThat(publish.method()).isEqualTo("PUT");
        assertThat(publish.path()).isEqualTo("/dois/" + pid.toLowerCase());
        assertThat(publish.contentType()).isEqualTo("application/vnd.api+json");
        assertThat(publish.authorization()).isEqualTo(BASIC);
        JsonNode a = publish.json().path("data").path("attributes");
        assertThat(a.path("event").asText()).isEqualTo("publish");
        assertThat(a.path("doi").asText()).isEqualTo(pid);
        assertThat(a.path("url").asText()).isEqualTo(DataCiteStandIn.BASE_URL + "/pid/" + pid);
        assertThat(a.path("titles").get(0).path("title").asText()).isEqualTo("A model called " + model.substring(4));
        JsonNode creator = a.path("creators").get(0);
        assertThat(creator.path("name").asText()).isEqualTo("Ada Lovelace");
        assertThat(creator.path("nameIdentifiers").get(0).path("nameIdentifier").asText()).isEqualTo("https://orcid.org/0000-0002-1825-0097");
        assertThat(creator.path("nameIdentifiers").get(0).path("nameIdentifierScheme").asText()).isEqualTo("ORCID");
        assertThat(a.path("publisher").asText()).isEqualTo("Stele");
        assertThat(a.path("publicationYear").asInt()).isEqualTo(java.time.Year.now(java.time.ZoneOffset.UTC).getValue());
        assertThat(a.path("types").path("resourceTypeGeneral").asText()).isEqualTo("Model");
        assertThat(a.path("descriptions").get(0).path("description").asText()).isEqualTo("Test model");
        assertThat(a.path("rightsList").get(0).path("rightsIdentifier").asText()).isEqualToIgnoringCase("apache-2.0");
        assertThat(a.path("version").asText()).isEqualTo("1.0");
        assertThat(texts(a.path("subjects"), "subject")).contains("test", "text-generation");
        assertThat(texts(a.path("sizes"), null)).containsExactly("2 files", (22 + cardLength()) + " bytes");
        assertThat(texts(a.path("formats"), null)).contains("application/json");
        assertThat(relation(a, "IsVersionOf")).containsExactly(concept);
        assertThat(relation(a, "IsDerivedFrom")).containsExactly("https://huggingface.co/meta-llama/Llama-3.1-8B");
        // The attributes are the DataCite JSON the resolver serves, with the event: one mapping, not two.
        JsonNode served = new Call("GET", "/pid/" + pid, null, null, given().accept("application/vnd.datacite.datacite+json")
                .get("/pid/" + pid).then().statusCode(200).extract().asString()).json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) a).remove("event");
        assertThat(a).isEqualTo(served);
        Call conceptPublish = last(concept);
        assertThat(conceptPublish.kind()).isEqualTo("publish");
        assertThat(relation(conceptPublish.json().path("data").path("attributes"), "HasVersion")).containsExactly(pid);
        assertThat(dois.findable(pid)).isTrue();
        assertThat(dois.findable(concept)).isTrue();
        JsonPath record = Deposits.version(model, "1.0").statusCode(200).extract().jsonPath();
        assertThat(record.getString("registration.state")).isEqualTo("findable");
        assertThat(record.getBoolean("registration.pending")).isFalse();
        assertThat(record.getString("registration.lastError")).isNull();

        // A change that alters nothing DataCite holds of an identifier costs no call: a new draft beside it.
        Deposits.createVersion(model, "2.0").statusCode(201);
        send();
        assertThat(kinds(pid)).containsExactly("draft", "publish");
        assertThat(kinds(concept)).containsExactly("draft", "publish");
        assertThat(kinds(pidOf(model, "2.0"))).containsExactly("draft");
        // Nor does a change of the model's description, which a published version (and so its concept) keeps as it was.
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body(Map.of("keywords", List.of("other")))
                .patch("/api/v1/models/" + model).then().statusCode(200);
        send();
        assertThat(kinds(pid)).containsExactly("draft", "publish");
        assertThat(kinds(concept)).containsExactly("draft", "publish");
        // What does change a published version's record: an embargo, sent as an update with its Available date.
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body(Map.of("embargoUntil", "2031-01-01T00:00:00Z"))
                .patch("/api/v1/models/" + model + "/versions/1.0").then().statusCode(200);
        send();
        Call update = last(pid);
        assertThat(update.kind()).isEqualTo("update");
        assertThat(update.method()).isEqualTo("PUT");
        assertThat(update.path()).isEqualTo("/dois/" + pid.toLowerCase());
        JsonNode available = update.json().path("data").path("attributes").path("dates");
        assertThat(texts(available, "dateType")).contains("Available");
        assertThat(texts(available, "date")).contains("2031-01-01");
        // A newer version: the concept gains it, the older one links forward to it.
        Deposits.putFile(model, "2.0", "config.json", "{}".getBytes(StandardCharsets.UTF_8)).statusCode(201);
        Deposits.publish(model, "2.0").statusCode(200);
        String next = pidOf(model, "2.0");
        send();
        assertThat(last(concept).kind()).isEqualTo("update");
        assertThat(relation(last(concept).json().path("data").path("attributes"), "HasVersion")).containsExactly(pid, next);
        assertThat(last(pid).kind()).isEqualTo("update");
        assertThat(relation(last(pid).json().path("data").path("attributes"), "IsPreviousVersionOf")).containsExactly(next);
        assertThat(kinds(next)).containsExactly("draft", "publish");

        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body(Map.of("reason", "wrong weights"))
                .post("/api/v1/models/" + model + "/versions/1.0/withdraw").then().statusCode(200);
        send();
        Call hide = last(pid);
        assertThat(hide.kind()).isEqualTo("hide");
        JsonNode dates = hide.json().path("data").path("attributes").path("dates");
        assertThat(texts(dates, "dateType")).contains("Withdrawn");
        assertThat(hide.json().path("data").path("attributes").path("url").asText()).isEqualTo(DataCiteStandIn.BASE_URL + "/pid/" + pid);
        assertThat(kinds(pid)).containsExactly("draft", "publish", "update", "update", "hide");
        assertThat(dois.findable(pid)).isFalse();
        assertThat(dois.findable(concept)).isTrue(); // 2.0 is still published
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body(Map.of("reason", "also wrong"))
                .post("/api/v1/models/" + model + "/versions/2.0/withdraw").then().statusCode(200);
        send();
        assertThat(last(concept).kind()).isEqualTo("hide"); // no published version left
        assertThat(dois.findable(concept)).isFalse();
        int sent = DataCiteStandIn.calls(pid).size() + DataCiteStandIn.calls(next).size() + DataCiteStandIn.calls(concept).size();
        send();
        // Nothing left to send: nothing sent again.
        assertThat(DataCiteStandIn.calls(pid).size() + DataCiteStandIn.calls(next).size() + DataCiteStandIn.calls(concept).size())
                .isEqualTo(sent);
    }

    @Test
    void citationsPresentTheIdentifierAsADoiOnlyOnceDataCiteHoldsItFindable() {
        String model = Deposits.model("lab", "dc-cite", false);
        Deposits.createVersion(model, "1.0").statusCode(201);
        Deposits.putFile(model, "1.0", "config.json", "{}".getBytes(StandardCharsets.UTF_8)).statusCode(201);
        Deposits.publish(model, "1.0").statusCode(200);
        String pid = pidOf(model, "1.0");
        String doiUrl = "https://doi.org/" + pid;
        // Published but not yet sent: every format still gives the archive's resolver URL.
        for (String format : CITED_FORMATS) {
            assertThat(cite(pid, format)).as(format).doesNotContain("doi.org").contains("/pid/" + pid);
        }
        assertThat(page(pid)).doesNotContain(doiUrl)
                .contains("<dd id=\"datacite-state\">none (a change waits to be sent)</dd>"); // the trust panel

        send();
        assertThat(dois.findable(pid)).isTrue();
        String quoted = java.util.regex.Pattern.quote(pid);
        assertThat(cite(pid, "bibtex")).containsPattern("(?m)^\\s*doi\\s*=\\s*\\{" + quoted + "\\}");
        assertThat(cite(pid, "ris")).containsPattern("(?m)^DO  - " + quoted + "$");
        assertThat(cite(pid, "csl")).containsPattern("\"DOI\"\\s*:\\s*\"" + quoted + "\"");
        assertThat(cite(pid, "citation")).contains(doiUrl);
        assertThat(cite(pid, "schemaorg")).contains(doiUrl);
        assertThat(cite(pid, "cff")).containsPattern("(?m)^doi: \"?" + quoted + "\"?$");
        assertThat(cite(pid, "datacite-xml")).contains("<identifier identifierType=\"DOI\">" + pid + "</identifier>");
        assertThat(page(pid)).contains(doiUrl).contains("<dd id=\"datacite-state\">findable</dd>");

        // Withdrawn: DataCite is told to hide it, and the formats go back to the resolver, which shows the tombstone.
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body(Map.of("reason", "superseded"))
                .post("/api/v1/models/" + model + "/versions/1.0/withdraw").then().statusCode(200);
        send();
        assertThat(dois.findable(pid)).isFalse();
        assertThat(cite(pid, "bibtex")).doesNotContain("doi.org").doesNotContain("doi = ").contains("/pid/" + pid);
    }

    private static final List<String> CITED_FORMATS =
            List.of("bibtex", "ris", "csl", "citation", "schemaorg", "cff", "datacite-xml", "datacite-json");

    private static String cite(String pid, String format) {
        return given().queryParam("format", format).get("/pid/" + pid).then().statusCode(200).extract().asString();
    }

    private static String page(String pid) {
        return given().accept("text/html").get("/pid/" + pid).then().statusCode(200).extract().asString();
    }

    @Test
    void aDerivativeReleasedLaterIsAddedToTheBasesRecord() {
        String base = Deposits.model("lab", "dc-base", false);
        Deposits.createVersion(base, "1.0").statusCode(201);
        Deposits.putFile(base, "1.0", "config.json", "{}".getBytes(StandardCharsets.UTF_8)).statusCode(201);
        Deposits.publish(base, "1.0").statusCode(200);
        String basePid = pidOf(base, "1.0");
        send();
        assertThat(kinds(basePid)).containsExactly("publish");

        String derived = Deposits.model("lab", "dc-derived", false);
        Deposits.createVersion(derived, "1.0").statusCode(201);
        Deposits.putFile(derived, "1.0", "README.md", ("---\nbase_model: " + base + "@1.0\n---\n# Card\n")
                .getBytes(StandardCharsets.UTF_8)).statusCode(201);
        Deposits.publish(derived, "1.0").statusCode(200);
        String derivedPid = pidOf(derived, "1.0");
        send();
        // The base's own model did not change, yet its record now names the derivative: DataCite hears of it.
        assertThat(kinds(basePid)).containsExactly("publish", "update");
        assertThat(relation(last(basePid).json().path("data").path("attributes"), "IsSourceOf")).containsExactly(derivedPid);
        assertThat(relation(last(derivedPid).json().path("data").path("attributes"), "IsDerivedFrom")).containsExactly(basePid);
    }

    @Test
    void aDiscardedDraftIsDeletedAtDataCite() {
        String model = Deposits.model("lab", "dc-discard", false);
        Deposits.createVersion(model, "0.1").statusCode(201);
        String pid = pidOf(model, "0.1");
        send();
        assertThat(kinds(pid)).containsExactly("draft");
        given().header("Authorization", Deposits.AUTH).delete("/api/v1/models/" + model + "/versions/0.1").then().statusCode(204);
        send();
        Call delete = last(pid);
        assertThat(delete.method()).isEqualTo("DELETE");
        assertThat(delete.path()).isEqualTo("/dois/" + pid.toLowerCase());
        assertThat(delete.authorization()).isEqualTo(BASIC);
        assertThat(kinds(pid)).containsExactly("draft", "delete");
        assertThat(status(pid).getString("state")).isEqualTo("deleted");
    }

    @Test
    void aDraftDataCiteKnowsAlreadyIsConfirmedNotFailed() {
        String model = Deposits.model("lab", "dc-taken", false);
        String concept = conceptOf(model);
        send();
        DataCiteStandIn.fail(Answer.UNPROCESSABLE, 1); // "This DOI has already been taken", as after a catalog rebuild
        Deposits.createVersion(model, "1").statusCode(201);
        String pid = pidOf(model, "1");
        send();
        assertThat(DataCiteStandIn.calls(pid)).extracting(Call::method).containsExactly("POST", "PUT");
        assertThat(last(pid).json().path("data").path("attributes").has("event")).isFalse();
        assertThat(status(pid).getString("state")).isEqualTo("draft");
        assertThat(status(pid).getString("lastError")).isNull();
        assertThat(kinds(concept)).containsExactly("draft");
    }

    @Test
    void aRestrictedModelSendsNothingUntilItIsPublic() {
        String model = Deposits.model("lab", "dc-restricted", true);
        String concept = conceptOf(model);
        Deposits.createVersion(model, "1").statusCode(201);
        Deposits.putFile(model, "1", "w.bin", new byte[] {1, 2, 3}).statusCode(201);
        Deposits.publish(model, "1").statusCode(200);
        String pid = pidOf(model, "1");
        send();
        assertThat(DataCiteStandIn.calls(pid)).isEmpty();
        assertThat(DataCiteStandIn.calls(concept)).isEmpty();
        assertThat(status(pid).getString("state")).isEqualTo("none");
        assertThat(dois.findable(pid)).isFalse();

        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body(Map.of("visibility", "public"))
                .patch("/api/v1/models/" + model).then().statusCode(200);
        send();
        assertThat(kinds(pid)).containsExactly("publish");
        assertThat(kinds(concept)).containsExactly("publish");
        assertThat(dois.findable(pid)).isTrue();

        // Restricted again: the DOI is hidden, and nothing of the model's metadata goes out with it.
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body(Map.of("visibility", "restricted"))
                .patch("/api/v1/models/" + model).then().statusCode(200);
        send();
        Call hide = last(pid);
        assertThat(hide.kind()).isEqualTo("hide");
        assertThat(hide.json().path("data").path("attributes").size()).isEqualTo(1);
        assertThat(dois.findable(pid)).isFalse();
    }

    @Test
    void aFailedCallIsRetriedAfterA503() throws Exception {
        WebhookReceiver receiver = WebhookReceiver.start();
        String hook = given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON)
                .body(Map.of("url", receiver.url("/ok/datacite"), "events", List.of("identifier.registration_failed")))
                .post("/api/v1/webhooks").then().statusCode(201).extract().path("id");
        String model = Deposits.model("lab", "dc-503", false);
        Deposits.createVersion(model, "1").statusCode(201);
        Deposits.putFile(model, "1", "w.bin", new byte[] {4, 5, 6}).statusCode(201);
        DataCiteStandIn.fail(Answer.UNAVAILABLE, 1_000);
        Deposits.publish(model, "1").statusCode(200);
        String pid = pidOf(model, "1");
        registration.drain();
        JsonPath failing = status(pid);
        assertThat(failing.getString("state")).isEqualTo("none");
        assertThat(failing.getBoolean("pending")).isTrue();
        assertThat(failing.getString("lastError")).contains("503");
        assertThat(failing.getInt("attempts")).isGreaterThanOrEqualTo(1);
        assertThat(failing.getString("nextAttempt")).isNotNull();
        assertThat(adminList("failing")).contains(pid);
        assertThat(DataCiteStandIn.calls(pid)).isNotEmpty().allMatch(c -> c.kind().equals("publish"));
        // Administrators hear of the first failure by webhook.
        PreservationApiTest.await("the failure announced", () -> !receiver.received(r -> r.event().getSubject().equals(pid)).isEmpty());
        WebhookReceiver.Request announced = receiver.received(r -> r.event().getSubject().equals(pid)).get(0);
        assertThat(announced.event().getType()).isEqualTo("org.stele.identifier.registration_failed");
        assertThat(announced.data().path("error").asText()).contains("503");
        given().header("Authorization", Deposits.AUTH).delete("/api/v1/webhooks/" + hook).then().statusCode(204);
        receiver.close();

        DataCiteStandIn.heal();
        sendUntil(() -> dois.findable(pid));
        assertThat(last(pid).kind()).isEqualTo("publish");
        JsonPath healed = status(pid);
        assertThat(healed.getString("lastError")).isNull();
        assertThat(healed.getBoolean("pending")).isFalse();
        assertThat(adminList("failing")).doesNotContain(pid);
        assertThat(adminList("findable")).contains(pid);
        assertThat(ObservabilityTest.metric("stele_datacite_calls_total")).isPositive();
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("stele_datacite_registrations{state=\"findable\"}", "stele_datacite_pending",
                "stele_datacite_oldest_pending_seconds", "stele_datacite_calls_total{call=\"publish\",outcome=\"failed\"}");
    }

    @Test
    void garbage401And422AndHangingNeverHoldUpPublishingAndAreReported() {
        Map<Answer, String> expected = Map.of(Answer.GARBAGE, "not the DOI document", Answer.UNAUTHORIZED, "401",
                Answer.UNPROCESSABLE, "422", Answer.HANG, "no answer within");
        for (Map.Entry<Answer, String> outage : expected.entrySet()) {
            String model = Deposits.model("lab", "dc-" + outage.getKey().name().toLowerCase(), false);
            Deposits.createVersion(model, "1").statusCode(201);
            Deposits.putFile(model, "1", "w.bin", new byte[] {7}).statusCode(201);
            DataCiteStandIn.fail(outage.getKey(), 1_000);
            Instant before = Instant.now();
            Deposits.publish(model, "1").statusCode(200);
            assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(5));
            String pid = pidOf(model, "1");
            Deposits.version(model, "1").statusCode(200);
            registration.drain();
            JsonPath status = status(pid);
            assertThat(status.getString("lastError")).as(outage.getKey().name()).contains(outage.getValue())
                    .doesNotContain(DataCiteStandIn.PASSWORD);
            assertThat(status.getString("state")).isEqualTo("none");
            assertThat(adminList("failing")).contains(pid);
            assertThat(dois.findable(pid)).isFalse();
            DataCiteStandIn.heal();
        }
        // Nothing any endpoint answers carries the password: the failures, the listing, the metrics.
        String listing = given().header("Authorization", Deposits.AUTH).get("/api/v1/admin/registrations?limit=500").then()
                .statusCode(200).extract().asString();
        String metrics = given().get("/q/metrics").then().extract().asString();
        assertThat(listing + metrics).doesNotContain(DataCiteStandIn.PASSWORD)
                .doesNotContain(BASIC.substring("Basic ".length()));
    }

    @Test
    void queuedChangesSurviveAnOutageAndAreSentWhenDataCiteIsBack() {
        DataCiteStandIn.stop();
        String model = Deposits.model("lab", "dc-down", false);
        Deposits.createVersion(model, "1").statusCode(201);
        Deposits.putFile(model, "1", "w.bin", new byte[] {8}).statusCode(201);
        Deposits.publish(model, "1").statusCode(200);
        String pid = pidOf(model, "1");
        registration.drain();
        assertThat(status(pid).getString("lastError")).contains("cannot connect");
        // The queue is in the catalog: whichever instance (or restarted one) runs next sends it.
        DataCiteStandIn.restart();
        sendUntil(() -> dois.findable(pid));
        assertThat(kinds(pid)).containsExactly("publish");
    }

    @Test
    void twoSendersSendEachChangeOnce() throws Exception {
        List<String> pids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String model = Deposits.model("lab", "dc-race", false);
            Deposits.createVersion(model, "1").statusCode(201);
            Deposits.putFile(model, "1", "w.bin", new byte[] {(byte) i}).statusCode(201);
            Deposits.publish(model, "1").statusCode(200);
            pids.add(pidOf(model, "1"));
            pids.add(conceptOf(model));
        }
        ExecutorService senders = Executors.newFixedThreadPool(2);
        try {
            Callable<Void> drain = () -> {
                registration.drain();
                return null;
            };
            List<Future<Void>> running = senders.invokeAll(List.of(drain, drain));
            for (Future<Void> f : running) {
                f.get();
            }
        } finally {
            senders.shutdown();
        }
        for (String pid : pids) {
            assertThat(kinds(pid)).as(pid).containsExactly("publish");
        }
    }

    @Test
    void onlyOwnersAndAdminsSeeTheRegistration() {
        Lab lab = Lab.create("dc-lab");
        String model = Deposits.model(lab.namespace, "dc-seen", false);
        Deposits.createVersion(model, "1").statusCode(201);
        Deposits.putFile(model, "1", "w.bin", new byte[] {9}).statusCode(201);
        DataCiteStandIn.fail(Answer.UNAUTHORIZED, 1_000);
        Deposits.publish(model, "1").statusCode(200);
        registration.drain();
        String path = "/api/v1/models/" + model + "/versions/1";
        String owner = Lab.token(lab.owner, List.of("read"));
        assertThat(given().header("Authorization", owner).get(path).then().statusCode(200).extract().jsonPath()
                .getString("registration.lastError")).contains("401").contains("Bad credentials");
        for (String other : List.of(Lab.token(lab.reader, List.of("read")), Lab.token(lab.maintainer, List.of("read", "write")),
                Lab.token(lab.outsider, List.of("read")))) {
            String body = given().header("Authorization", other).get(path).then().statusCode(200).extract().asString();
            // Not the field, nor the error's text (a bare "401" could occur in any digest).
            assertThat(body).doesNotContain("registration").doesNotContain("Bad credentials");
        }
        String anonymous = given().get(path).then().statusCode(200).extract().asString();
        assertThat(anonymous).doesNotContain("\"registration\"");
        // The concept identifier's, on the model, likewise.
        String modelPath = "/api/v1/models/" + model;
        assertThat(given().header("Authorization", owner).get(modelPath).then().statusCode(200).extract().jsonPath()
                .getString("registration.pid")).isEqualTo(conceptOf(model));
        assertThat(given().header("Authorization", owner).get(modelPath).then().extract().jsonPath().getString("conceptPid"))
                .isEqualTo(conceptOf(model));
        for (String other : List.of(Lab.token(lab.reader, List.of("read")), Lab.token(lab.maintainer, List.of("read", "write")))) {
            assertThat(given().header("Authorization", other).get(modelPath).then().statusCode(200).extract().asString())
                    .doesNotContain("\"registration\"");
        }
        assertThat(given().get(modelPath).then().statusCode(200).extract().asString()).doesNotContain("\"registration\"");
        given().header("Authorization", owner).get("/api/v1/admin/registrations").then().statusCode(403);
        given().get("/api/v1/admin/registrations").then().statusCode(401);
        JsonPath bad = given().header("Authorization", Deposits.AUTH).get("/api/v1/admin/registrations?state=sideways").then()
                .statusCode(400).extract().jsonPath();
        assertThat(bad.getString("code")).isEqualTo("invalid_request");
        given().header("Authorization", Deposits.AUTH).get("/api/v1/admin/registrations?cursor=nonsense").then().statusCode(400);
    }

    @Test
    void theListingPagesThroughEveryIdentifier() {
        for (int i = 0; i < 3; i++) {
            Deposits.model("lab", "dc-page", false);
        }
        send();
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().header("Authorization", Deposits.AUTH).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/v1/admin/registrations").then().statusCode(200).extract().jsonPath();
            List<String> items = page.getList("items.pid");
            assertThat(items).hasSizeLessThanOrEqualTo(2);
            seen.addAll(items);
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(seen).doesNotHaveDuplicates().isSorted().hasSizeGreaterThanOrEqualTo(3)
                .allMatch(p -> p.startsWith(DataCiteStandIn.PREFIX + "/"));
    }

    // --- helpers ---

    private void send() {
        registration.drain();
    }

    /** Sends again (failed calls fall due after their delay) until {@code done}, for at most 15 s. */
    private void sendUntil(BooleanSupplier done) {
        Instant deadline = Instant.now().plusSeconds(15);
        while (!done.getAsBoolean()) {
            assertThat(Instant.now()).as("sent in time").isBefore(deadline);
            registration.drain();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static int cardLength() {
        return ("---\nbase_model: meta-llama/Llama-3.1-8B\ntags: [text-generation]\n---\n# Card\n").getBytes(StandardCharsets.UTF_8).length;
    }

    private static String pidOf(String model, String label) {
        return Deposits.version(model, label).statusCode(200).extract().path("pid");
    }

    private static String conceptOf(String model) {
        return given().header("Authorization", Deposits.AUTH).get("/api/v1/models/" + model).then().statusCode(200)
                .extract().path("conceptPid");
    }

    private static List<String> kinds(String doi) {
        return DataCiteStandIn.calls(doi).stream().map(Call::kind).toList();
    }

    private static Call last(String doi) {
        List<Call> calls = DataCiteStandIn.calls(doi);
        assertThat(calls).as("calls about " + doi).isNotEmpty();
        return calls.get(calls.size() - 1);
    }

    /** The registration of {@code pid} as the admin listing shows it. */
    private static JsonPath status(String pid) {
        String cursor = null;
        do {
            var request = given().header("Authorization", Deposits.AUTH).queryParam("limit", 500);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/v1/admin/registrations").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> items = page.getList("items");
            for (int i = 0; i < items.size(); i++) {
                if (pid.equals(items.get(i).get("pid"))) {
                    return new JsonPath(page.prettify()).setRootPath("items[" + i + "]");
                }
            }
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        throw new AssertionError("no registration listed for " + pid);
    }

    private static List<String> adminList(String state) {
        List<String> pids = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().header("Authorization", Deposits.AUTH).queryParam("state", state).queryParam("limit", 500);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/v1/admin/registrations").then().statusCode(200).extract().jsonPath();
            pids.addAll(page.getList("items.pid"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return pids;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(field == null ? n.asText() : n.path(field).asText()));
        return out;
    }

    private static List<String> relation(JsonNode attributes, String type) {
        List<String> out = new ArrayList<>();
        attributes.path("relatedIdentifiers").forEach(r -> {
            if (r.path("relationType").asText().equals(type)) {
                out.add(r.path("relatedIdentifier").asText());
            }
        });
        return out;
    }
}
