package org.stele.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.cloudevents.CloudEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stele.archive.custody.BlobConditions;
import org.stele.archive.notification.EventOutbox;
import org.stele.domain.Digest;
import org.stele.domain.catalog.Model;
import org.stele.support.Bytes;
import org.stele.support.Deposits;
import org.stele.support.Lab;
import org.stele.support.WebhookReceiver;

/**
 * Webhooks end to end against a real HTTP receiver on loopback (private targets are allowed in tests): what arrives is
 * verified with the Standard Webhooks library and parsed with the CloudEvents SDK, never with Stele's own code.
 */
@QuarkusTest
class WebhookTest {
    static WebhookReceiver receiver;

    @Inject
    EntityManager entityManager;

    @Inject
    EventOutbox outbox;

    @Inject
    BlobConditions conditions;

    @BeforeAll
    static void startReceiver() throws Exception {
        receiver = WebhookReceiver.start();
    }

    /**
     * Subscriptions go with their test: left behind, their retries against a closed receiver would disable them later,
     * writing to the audit trail while another test class checks that nothing changed.
     */
    @AfterEach
    void unsubscribe() {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "delete from webhook_subscription where namespace like 'hooks%'").executeUpdate());
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    static String namespace() {
        String ns = Deposits.uniqueName("hooks");
        Lab.createNamespace(ns);
        return ns;
    }

    static JsonPath subscribe(String path, Object body) {
        return given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body(body).post(path)
                .then().statusCode(201).extract().jsonPath();
    }

    static JsonPath subscribe(String ns, String receiverPath, List<String> events) {
        return subscribe("/api/v1/namespaces/" + ns + "/webhooks", Map.of("url", receiver.url(receiverPath), "events", events));
    }

    static JsonPath deliveries(String ns, String id) {
        return given().header("Authorization", Deposits.AUTH).get("/api/v1/namespaces/" + ns + "/webhooks/" + id + "/deliveries")
                .then().statusCode(200).extract().jsonPath();
    }

    static String newModel(String ns) {
        String name = Deposits.uniqueName("m");
        Deposits.createModel(ns, name).statusCode(201);
        return ns + "/" + name;
    }

    static String publishedVersion(String model, String label) {
        Deposits.createVersion(model, label).statusCode(201);
        Deposits.putFile(model, label, "w.bin", Bytes.random(100, label.hashCode())).statusCode(201);
        return Deposits.publish(model, label).statusCode(200).extract().path("pid");
    }

    @Test
    void publishAndWithdrawArriveSignedAsCloudEvents() throws Exception {
        String ns = namespace();
        String path = "/ok/" + ns;
        JsonPath made = subscribe(ns, path, List.of("version.published", "version.withdrawn"));
        String secret = made.getString("secret");
        assertThat(secret).startsWith("whsec_");
        assertThat(made.getString("id")).startsWith("wh_");
        // The secret is shown once: not in a read or a listing.
        given().header("Authorization", Deposits.AUTH).get("/api/v1/namespaces/" + ns + "/webhooks/" + made.getString("id"))
                .then().statusCode(200).body("secret", equalTo(null)).body("url", equalTo(receiver.url(path)));

        String model = newModel(ns);
        String pid = publishedVersion(model, "1.0");
        String digest = Deposits.version(model, "1.0").extract().path("manifestDigest");
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body(Map.of("reason", "license problem"))
                .post("/api/v1/models/" + model + "/versions/1.0/withdraw").then().statusCode(200);

        // Deliveries are sent concurrently, so in any order: sorted by type, "published" before "withdrawn".
        List<WebhookReceiver.Request> got = receiver.await(path, 2).stream()
                .sorted(java.util.Comparator.comparing(r -> r.event().getType())).toList();
        assertThat(got).hasSize(2);
        for (WebhookReceiver.Request request : got) {
            request.verify(secret); // throws unless the signature verifies
            assertThat(request.header("webhook-id")).isEqualTo(request.event().getId()).startsWith("evt_");
            assertThat(request.header("content-type")).startsWith("application/cloudevents+json");
            assertThatThrownBy(() -> request.verify("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32])))
                    .as("another secret does not verify").isInstanceOf(Exception.class);
        }
        CloudEvent published = got.get(0).event();
        assertThat(published.getSpecVersion().toString()).isEqualTo("1.0");
        assertThat(published.getType()).isEqualTo("org.stele.version.published");
        assertThat(published.getSubject()).isEqualTo(pid);
        assertThat(published.getSource().toString()).endsWith("/models/" + model);
        assertThat(published.getTime()).isNotNull();
        var data = got.get(0).data();
        assertThat(data.path("identifier").asText()).isEqualTo(pid);
        assertThat(data.path("manifestDigest").asText()).isEqualTo(digest);
        assertThat(data.path("namespace").asText()).isEqualTo(ns);
        assertThat(data.path("version").asText()).isEqualTo("1.0");
        assertThat(data.path("conceptIdentifier").asText()).isNotBlank();
        assertThat(data.path("landingUrl").asText()).endsWith("/pid/" + pid);
        assertThat(got.get(0).body()).doesNotContain("stele_").doesNotContain(secret);

        CloudEvent withdrawn = got.get(1).event();
        assertThat(withdrawn.getType()).isEqualTo("org.stele.version.withdrawn");
        assertThat(got.get(1).data().path("reason").asText()).isEqualTo("license problem");
        assertThat(got.get(1).data().path("state").asText()).isEqualTo("withdrawn");

        JsonPath log = deliveries(ns, made.getString("id"));
        PreservationApiTest.await("both delivered in the log", () -> deliveries(ns, made.getString("id")).getList("items.state").equals(List.of("delivered", "delivered")));
        log = deliveries(ns, made.getString("id"));
        assertThat(log.getList("items.event")).containsExactly("version.withdrawn", "version.published");
        assertThat(log.getList("items.lastStatus", Integer.class)).containsExactly(204, 204);
        assertThat(log.getList("items.attempts", Integer.class)).containsExactly(1, 1);
    }

    @Test
    void aFailedAttemptIsRetriedWithTheSameWebhookId() throws Exception {
        String ns = namespace();
        JsonPath made = subscribe(ns, "/flaky/" + ns, List.of("model.created"));
        double retriesBefore = deliveriesMetric("retry");
        double deliveredBefore = deliveriesMetric("delivered");
        newModel(ns);
        List<WebhookReceiver.Request> got = receiver.await("/flaky/" + ns, 2);
        assertThat(got.get(0).header("webhook-id")).isEqualTo(got.get(1).header("webhook-id"));
        assertThat(got.get(0).body()).isEqualTo(got.get(1).body());
        got.get(1).verify(made.getString("secret"));
        assertThat(got.get(1).event().getType()).isEqualTo("org.stele.model.created");
        PreservationApiTest.await("delivered on the second attempt", () -> deliveries(ns, made.getString("id")).getList("items.state").equals(List.of("delivered")));
        JsonPath log = deliveries(ns, made.getString("id"));
        assertThat(log.getInt("items[0].attempts")).isEqualTo(2);
        assertThat(log.getInt("items[0].lastStatus")).isEqualTo(204);
        assertThat(deliveriesMetric("retry")).isGreaterThan(retriesBefore);
        assertThat(deliveriesMetric("delivered")).isGreaterThan(deliveredBefore);
        assertThat(given().get("/q/metrics").then().extract().asString()).contains("stele_webhook_queue_age_seconds", "stele_webhook_pending");

        // Redelivery sends the same event again, under the same webhook-id.
        long delivery = log.getLong("items[0].id");
        given().header("Authorization", Deposits.AUTH)
                .post("/api/v1/namespaces/" + ns + "/webhooks/" + made.getString("id") + "/deliveries/" + delivery + "/redeliver")
                .then().statusCode(200).body("state", equalTo("pending"));
        List<WebhookReceiver.Request> again = receiver.await("/flaky/" + ns, 3);
        assertThat(again.get(2).header("webhook-id")).isEqualTo(got.get(0).header("webhook-id"));
        given().header("Authorization", Deposits.AUTH)
                .post("/api/v1/namespaces/" + ns + "/webhooks/" + made.getString("id") + "/deliveries/999999999/redeliver")
                .then().statusCode(404).body("code", equalTo("delivery_not_found"));
    }

    @Test
    void aRetryAfterIsHonoured() throws Exception {
        String ns = namespace();
        subscribe(ns, "/busy/" + ns, List.of("model.created"));
        newModel(ns);
        List<WebhookReceiver.Request> got = receiver.await("/busy/" + ns, 2);
        // Retry-After: 2 wins over the first backoff (200 ms and up to 20 % in tests); the database's clock measures it.
        assertThat(Duration.ofNanos(got.get(1).receivedAtNanos() - got.get(0).receivedAtNanos())).isGreaterThan(Duration.ofMillis(1500));
        assertThat(got.get(1).header("webhook-id")).isEqualTo(got.get(0).header("webhook-id"));
    }

    @Test
    void redirectingAndHangingReceiversDoNotStallOthers() throws Exception {
        String ns = namespace();
        JsonPath hang = subscribe(ns, "/hang/" + ns, List.of("model.created"));
        JsonPath redirect = subscribe(ns, "/redirect/" + ns, List.of("model.created"));
        subscribe(ns, "/ok/" + ns, List.of("model.created"));
        JsonPath gone = subscribe(ns, "/gone/" + ns, List.of("model.created"));
        long start = System.nanoTime();
        newModel(ns);
        WebhookReceiver.Request ok = receiver.await("/ok/" + ns, 1).get(0);
        // The receiver that hangs holds nothing up: the good one has its event well before the hanging one times out (2 s).
        assertThat(Duration.ofNanos(ok.receivedAtNanos() - start)).isLessThan(Duration.ofMillis(1900));
        PreservationApiTest.await("the redirect is a failed attempt, not followed", () -> Integer.valueOf(302).equals(deliveries(ns, redirect.getString("id")).get("items[0].lastStatus")));
        assertThat(deliveries(ns, redirect.getString("id")).getString("items[0].lastError"))
                .contains("redirects are not followed").hasSizeLessThan(600);
        assertThat(receiver.received("/ok/redirected")).isEmpty();
        PreservationApiTest.await("the hanging receiver times out", () -> "no answer in time".equals(deliveries(ns, hang.getString("id")).getString("items[0].lastError")));
        // 410 Gone disables the subscription at once, its owners see why.
        PreservationApiTest.await("410 disables", () -> !given().header("Authorization", Deposits.AUTH)
                .get("/api/v1/namespaces/" + ns + "/webhooks/" + gone.getString("id")).then().extract().jsonPath().getBoolean("enabled"));
        given().header("Authorization", Deposits.AUTH).get("/api/v1/namespaces/" + ns + "/webhooks/" + gone.getString("id"))
                .then().body("disabledReason", startsWith("last: HTTP 410"));
        assertThat(deliveries(ns, gone.getString("id")).getString("items[0].state")).isEqualTo("failed");
        // Pause the hanging one, so its retries stop.
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body(Map.of("enabled", false))
                .patch("/api/v1/namespaces/" + ns + "/webhooks/" + hang.getString("id")).then().statusCode(200)
                .body("enabled", equalTo(false));
    }

    @Test
    void aSubscriptionFailingForLongIsDisabledAndItsOwnersSeeWhy() throws Exception {
        String ns = namespace();
        String closed = "http://127.0.0.1:" + org.stele.support.S3ProxyServer.freePort() + "/nobody-listens";
        JsonPath made = subscribe("/api/v1/namespaces/" + ns + "/webhooks", Map.of("url", closed, "events", List.of("model.created")));
        String path = "/api/v1/namespaces/" + ns + "/webhooks/" + made.getString("id");
        newModel(ns);
        // Every attempt fails; after STELE_WEBHOOKS_DISABLE_AFTER (3 s in tests) of that, the subscription is disabled.
        PreservationApiTest.await("disabled", () -> !given().header("Authorization", Deposits.AUTH).get(path).then().extract().jsonPath().getBoolean("enabled"));
        JsonPath disabled = given().header("Authorization", Deposits.AUTH).get(path).then().extract().jsonPath();
        assertThat(disabled.getString("disabledReason")).startsWith("every delivery failed for 3 seconds; last: cannot connect");
        assertThat(disabled.getString("failingSince")).isNotNull();
        assertThat(auditActions(ns)).contains("webhook.disabled");
        // Deliveries wait while it is disabled: no more attempts.
        int attempts = deliveries(ns, made.getString("id")).getInt("items[0].attempts");
        Thread.sleep(1500);
        assertThat(deliveries(ns, made.getString("id")).getInt("items[0].attempts")).isEqualTo(attempts);
        assertThat(deliveries(ns, made.getString("id")).getString("items[0].state")).isEqualTo("pending");
        // Its owner re-enables it (pointing it at a receiver that answers): the waiting delivery goes out.
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON)
                .body(Map.of("enabled", true, "url", receiver.url("/ok/revived-" + ns))).patch(path).then().statusCode(200)
                .body("enabled", equalTo(true)).body("disabledReason", equalTo(null));
        receiver.await("/ok/revived-" + ns, 1).get(0).verify(made.getString("secret"));
    }

    static double deliveriesMetric(String outcome) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^stele_webhook_deliveries_total\\{outcome=\"" + outcome + "\",?\\} ([0-9.eE+-]+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void restrictedModelsAndVisibilityReachOnlyTheirNamespace() throws Exception {
        String ns = namespace();
        String other = namespace();
        subscribe(ns, "/ok/vis-" + ns, List.of("model.visibility_changed", "model.created"));
        subscribe(other, "/ok/vis-" + other, List.of("model.visibility_changed", "model.created"));
        String model = Deposits.model(ns, "secret", true);
        List<WebhookReceiver.Request> got = receiver.await("/ok/vis-" + ns, 2).stream()
                .sorted(java.util.Comparator.comparing(r -> r.event().getType())).toList(); // created, visibility_changed
        assertThat(got.get(0).event().getType()).isEqualTo("org.stele.model.created");
        assertThat(got.get(1).event().getType()).isEqualTo("org.stele.model.visibility_changed");
        assertThat(got.get(1).data().path("visibility").asText()).isEqualTo("restricted");
        assertThat(got.get(1).data().path("previousVisibility").asText()).isEqualTo("public");
        assertThat(got.get(1).event().getSubject()).isEqualTo(model);
        Thread.sleep(500);
        assertThat(receiver.received("/ok/vis-" + other)).isEmpty();
    }

    @Test
    void anEmbargoEndingIsAnnouncedOnce() throws Exception {
        String ns = namespace();
        subscribe(ns, "/ok/embargo-" + ns, List.of("version.embargo_lifted"));
        String model = newModel(ns);
        Instant until = Instant.now().plusSeconds(3);
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body(Map.of("version", "1", "embargoUntil", until.toString()))
                .post("/api/v1/models/" + model + "/versions").then().statusCode(201);
        Deposits.putFile(model, "1", "w.bin", Bytes.random(100, 7)).statusCode(201);
        String pid = Deposits.publish(model, "1").statusCode(200).extract().path("pid");
        List<WebhookReceiver.Request> got = receiver.await("/ok/embargo-" + ns, 1);
        assertThat(got.get(0).receivedAtNanos()).isPositive();
        assertThat(got.get(0).event().getType()).isEqualTo("org.stele.version.embargo_lifted");
        assertThat(got.get(0).event().getSubject()).isEqualTo(pid);
        assertThat(Instant.parse(got.get(0).data().path("embargoUntil").asText())).isBeforeOrEqualTo(Instant.now());
        Thread.sleep(1500); // more checks run (every second in tests): none announces it again
        assertThat(receiver.received("/ok/embargo-" + ns)).hasSize(1);

        // Lifted early by its owners: announced by the change itself.
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON)
                .body(Map.of("version", "2", "embargoUntil", Instant.now().plusSeconds(3600).toString()))
                .post("/api/v1/models/" + model + "/versions").then().statusCode(201);
        Deposits.putFile(model, "2", "w.bin", Bytes.random(100, 8)).statusCode(201);
        String second = Deposits.publish(model, "2").statusCode(200).extract().path("pid");
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body("{\"embargoUntil\": null}")
                .patch("/api/v1/models/" + model + "/versions/2").then().statusCode(200);
        assertThat(receiver.await("/ok/embargo-" + ns, 2).get(1).event().getSubject()).isEqualTo(second);
    }

    @Test
    void archiveWideSubscriptionsHearOfDamageAndRepair() throws Exception {
        JsonPath made = subscribe("/api/v1/webhooks", Map.of("url", receiver.url("/ok/archive"), "events", List.of("blob.damaged", "blob.repaired")));
        try {
            String ns = namespace();
            String model = newModel(ns);
            String pid = publishedVersion(model, "1");
            Digest digest = Digest.parse(Deposits.version(model, "1").extract().<String>path("files[0].digest"));
            conditions.record(digest, BlobConditions.Copy.primary, BlobConditions.Outcome.corrupt, "test damage", "fixity");
            conditions.record(digest, BlobConditions.Copy.primary, BlobConditions.Outcome.ok, null, "repair");
            List<WebhookReceiver.Request> got = receiver.await("/ok/archive", 2);
            assertThat(got.stream().map(r -> r.event().getType()).toList()) // sent concurrently: in any order
                    .containsExactlyInAnyOrder("org.stele.blob.damaged", "org.stele.blob.repaired");
            WebhookReceiver.Request damaged = got.stream().filter(r -> r.event().getType().endsWith("damaged")).findFirst().orElseThrow();
            damaged.verify(made.getString("secret"));
            assertThat(damaged.event().getSubject()).isEqualTo(digest.toString());
            assertThat(damaged.data().path("versions").toString()).contains(pid);
            assertThat(damaged.data().path("outcome").asText()).isEqualTo("corrupt");
        } finally {
            given().header("Authorization", Deposits.AUTH).delete("/api/v1/webhooks/" + made.getString("id")).then().statusCode(204);
        }
    }

    @Test
    void aRotatedSecretSignsBesideThePreviousOne() throws Exception {
        String ns = namespace();
        JsonPath made = subscribe(ns, "/ok/rotate-" + ns, List.of("model.created"));
        String rotated = given().header("Authorization", Deposits.AUTH)
                .post("/api/v1/namespaces/" + ns + "/webhooks/" + made.getString("id") + "/secret")
                .then().statusCode(200).extract().path("secret");
        assertThat(rotated).startsWith("whsec_").isNotEqualTo(made.getString("secret"));
        newModel(ns);
        WebhookReceiver.Request got = receiver.await("/ok/rotate-" + ns, 1).get(0);
        got.verify(rotated);
        got.verify(made.getString("secret"));
        assertThat(got.header("webhook-signature").split(" ")).hasSize(2);
        assertThat(auditActions(ns)).contains("webhook.created", "webhook.secret_rotated");
    }

    @Test
    void anEventOfAChangeRolledBackIsNeverWritten() {
        String ns = namespace();
        subscribe(ns, "/ok/rollback-" + ns, List.of("model.created"));
        String model = newModel(ns);
        long before = count("select count(*) from webhook_event where namespace = '" + ns + "'");
        assertThat(before).isEqualTo(1);
        // The change fails after announcing itself: its transaction rolls back, and takes the announcement with it.
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            Model m = Model.named(ns, model.substring(ns.length() + 1));
            outbox.modelCreated(m);
            assertThat(count0("select count(*) from webhook_event where namespace = '" + ns + "'")).as("written in the transaction").isEqualTo(2);
            throw new IllegalStateException("the change fails after its announcement");
        })).hasMessageContaining("fails after");
        assertThat(count("select count(*) from webhook_event where namespace = '" + ns + "'")).isEqualTo(1);
        assertThat(count("select count(*) from webhook_delivery d join webhook_event e on e.id = d.event_id where e.namespace = '" + ns + "'"))
                .isEqualTo(1);
        // A publish refused (no files) announces nothing either.
        Deposits.createVersion(model, "empty").statusCode(201);
        Deposits.publish(model, "empty").statusCode(409);
        assertThat(count("select count(*) from webhook_event where namespace = '" + ns + "'")).isEqualTo(1);
    }

    @Test
    void badSubscriptionsAreRefusedAndStoreNothing() {
        Lab lab = Lab.create("hooks-bad");
        String ownerToken = Lab.token(lab.owner, List.of("read", "write", "publish"));
        String maintainerToken = Lab.token(lab.maintainer, List.of("read", "write", "publish"));
        String outsiderToken = Lab.token(lab.outsider, List.of("read", "write", "publish"));
        String path = "/api/v1/namespaces/" + lab.namespace + "/webhooks";
        long before = count("select count(*) from webhook_subscription");
        String good = receiver.url("/ok/bad");
        Map<Object, String> cases = new java.util.LinkedHashMap<>();
        cases.put(Map.of("url", "ftp://example.org/hook", "events", List.of("model.created")), "invalid_webhook_url");
        cases.put(Map.of("url", "not a url", "events", List.of("model.created")), "invalid_webhook_url");
        cases.put(Map.of("url", "/relative/hook", "events", List.of("model.created")), "invalid_webhook_url");
        cases.put(Map.of("url", "https://user:pw@example.org/hook", "events", List.of("model.created")), "invalid_webhook_url");
        cases.put(Map.of("url", "https://example.org/" + "a".repeat(2100), "events", List.of("model.created")), "invalid_webhook_url");
        cases.put(Map.of("events", List.of("model.created")), "invalid_webhook_url");
        cases.put(Map.of("url", good, "events", List.of("version.deleted")), "invalid_event");
        cases.put(Map.of("url", good, "events", List.of()), "invalid_event");
        cases.put(Map.of("url", good), "invalid_event");
        cases.put(Map.of("url", good, "events", List.of("blob.damaged")), "invalid_event");
        cases.put(Map.of("url", "http://169.254.169.254/latest/meta-data", "events", List.of("model.created")), "webhook_target_refused");
        cases.put(Map.of("url", "http://[fd00:ec2::254]/", "events", List.of("model.created")), "webhook_target_refused");
        cases.put(Map.of("url", "https://no-such-host.invalid/hook", "events", List.of("model.created")), "webhook_target_refused");
        cases.forEach((body, code) -> given().header("Authorization", ownerToken).contentType(ContentType.JSON).body(body).post(path)
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo(code)));
        given().header("Authorization", ownerToken).contentType(ContentType.JSON).body("{\"url\": ").post(path).then().statusCode(400);
        // Only owners of the namespace, only administrators archive-wide.
        Map<String, Object> body = Map.of("url", good, "events", List.of("model.created"));
        given().header("Authorization", maintainerToken).contentType(ContentType.JSON).body(body).post(path).then().statusCode(403);
        given().header("Authorization", outsiderToken).contentType(ContentType.JSON).body(body).post(path).then().statusCode(403);
        given().header("Authorization", ownerToken).contentType(ContentType.JSON).body(body).post("/api/v1/webhooks").then().statusCode(403);
        given().contentType(ContentType.JSON).body(body).post(path).then().statusCode(401);
        assertThat(count("select count(*) from webhook_subscription")).isEqualTo(before);

        // Another namespace's subscription is not found through this one, and is left as it was.
        JsonPath theirs = subscribe(lab.otherNamespace, "/ok/other", List.of("model.created"));
        String mine = "/api/v1/namespaces/" + lab.namespace + "/webhooks/" + theirs.getString("id");
        given().header("Authorization", ownerToken).get(mine).then().statusCode(404).body("code", equalTo("webhook_not_found"));
        given().header("Authorization", ownerToken).contentType(ContentType.JSON).body(Map.of("url", good)).patch(mine)
                .then().statusCode(404).body("code", equalTo("webhook_not_found"));
        given().header("Authorization", ownerToken).delete(mine).then().statusCode(404).body("code", equalTo("webhook_not_found"));
        given().header("Authorization", ownerToken).get(mine + "/deliveries").then().statusCode(404);
        given().header("Authorization", outsiderToken).get("/api/v1/namespaces/" + lab.otherNamespace + "/webhooks").then().statusCode(403);
        given().header("Authorization", Deposits.AUTH).get("/api/v1/namespaces/" + lab.otherNamespace + "/webhooks/" + theirs.getString("id"))
                .then().statusCode(200).body("url", equalTo(receiver.url("/ok/other")));
        // A bad change changes nothing.
        String theirPath = "/api/v1/namespaces/" + lab.otherNamespace + "/webhooks/" + theirs.getString("id");
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body(Map.of("url", "gopher://x", "events", List.of("model.created")))
                .patch(theirPath).then().statusCode(400).body("code", equalTo("invalid_webhook_url"));
        given().header("Authorization", Deposits.AUTH).contentType(ContentType.JSON).body(Map.of("events", List.of("nope")))
                .patch(theirPath).then().statusCode(400).body("code", equalTo("invalid_event"));
        given().header("Authorization", Deposits.AUTH).get(theirPath).then().statusCode(200)
                .body("url", equalTo(receiver.url("/ok/other"))).body("events", equalTo(List.of("model.created")));

        // The owner manages the namespace's own.
        JsonPath own = given().header("Authorization", ownerToken).contentType(ContentType.JSON).body(body).post(path)
                .then().statusCode(201).extract().jsonPath();
        given().header("Authorization", ownerToken).get(path).then().statusCode(200).body("webhooks.id", equalTo(List.of(own.getString("id"))))
                .body("webhooks[0].secret", equalTo(null));
        given().header("Authorization", ownerToken).delete(path + "/" + own.getString("id")).then().statusCode(204);
        given().header("Authorization", ownerToken).get(path).then().statusCode(200).body("webhooks", equalTo(List.of()));
        assertThat(auditActions(lab.namespace)).contains("webhook.created", "webhook.deleted");
        assertThat(auditDetails(lab.namespace)).doesNotContain("whsec_");
    }

    List<String> auditActions(String ns) {
        return given().header("Authorization", Deposits.AUTH).queryParam("namespace", ns).get("/api/v1/audit")
                .then().statusCode(200).extract().jsonPath().getList("items.action");
    }

    String auditDetails(String ns) {
        return given().header("Authorization", Deposits.AUTH).queryParam("namespace", ns).get("/api/v1/audit").then().extract().asString();
    }

    long count(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> count0(sql));
    }

    long count0(String sql) {
        return ((Number) entityManager.createNativeQuery(sql).getSingleResult()).longValue();
    }
}
