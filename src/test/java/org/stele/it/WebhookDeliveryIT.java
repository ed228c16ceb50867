package org.stele.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stele.support.Bytes;
import org.stele.support.S3ProxyServer;
import org.stele.support.TestPostgres;
import org.stele.support.WebhookReceiver;

/**
 * Webhook delivery across real processes on one PostgreSQL: a replica without the private-target switch refuses a
 * loopback target when subscribing, and again when delivering (a name rebound to loopback after subscribing); the
 * event it committed but never delivered is delivered after it is killed and replicas with the switch start; two
 * replicas sending at once deliver each event exactly once.
 */
class WebhookDeliveryIT {
    static TestPostgres postgres;
    static S3ProxyServer s3;
    static WebhookReceiver receiver;

    @BeforeAll
    static void startServices() throws Exception {
        postgres = TestPostgres.start();
        s3 = S3ProxyServer.start();
        receiver = WebhookReceiver.start();
    }

    @AfterAll
    static void stopServices() throws Exception {
        receiver.close();
        s3.close();
        postgres.close();
    }

    static Map<String, String> environment(boolean allowPrivate, boolean send) throws Exception {
        Map<String, String> env = new HashMap<>(ExternalServicesIT.environment(Files.createTempDirectory("stele-hooks"), "stele-it-hooks",
                postgres, s3));
        env.put("STELE_WEBHOOKS_ALLOW_PRIVATE_TARGETS", Boolean.toString(allowPrivate));
        env.put("STELE_WEBHOOKS_SEND", Boolean.toString(send));
        env.put("STELE_WEBHOOKS_TICK", "200ms");
        env.put("STELE_WEBHOOKS_RETRY_DELAY", "200ms");
        env.put("STELE_WEBHOOKS_MAX_RETRY_DELAY", "1s");
        return env;
    }

    @Test
    void deliveriesSurviveACrashAndTwoReplicasSendEachOnce() throws Exception {
        ReplicasIT calls = new ReplicasIT();
        String model = "hooks/m";
        String secret = "whsec_" + Base64.getEncoder().encodeToString(Bytes.random(32, 22));
        String target = receiver.url("/ok/it");
        try (SteleProcess strict = SteleProcess.start(environment(false, true))) {
            calls.expect(strict, "POST", "/api/v1/models", "{\"namespace\":\"hooks\",\"name\":\"m\",\"title\":\"Hooks\",\"license\":\"MIT\"}", 201);
            // Without the private-target switch a loopback target is refused when subscribing, and nothing is stored.
            HttpResponse<String> refused = calls.call(strict, "POST", "/api/v1/namespaces/hooks/webhooks",
                    "{\"url\":\"" + target + "\",\"events\":[\"version.published\"]}");
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("\"code\":\"webhook_target_refused\"");
            assertThat(calls.call(strict, "GET", "/api/v1/namespaces/hooks/webhooks", null).body()).isEqualTo("{\"webhooks\":[]}");
            // A subscription whose name resolves to loopback only later (DNS rebinding): refused again when delivering.
            try (Connection db = postgres.username() == null ? DriverManager.getConnection(postgres.jdbcUrl())
                    : DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
                    PreparedStatement insert = db.prepareStatement("""
                            insert into webhook_subscription (id, namespace, url, events, secret, created_by)
                            values ('wh_rebound', 'hooks', ?, '{version.published}', ?, 'it')""")) {
                insert.setString(1, target);
                insert.setString(2, secret);
                insert.executeUpdate();
            }
            calls.draftWithFile(strict, model, "1");
            calls.expect(strict, "POST", "/api/v1/models/" + model + "/versions/1/publish", null, 200);
            String log = awaitLog(calls, strict, "target refused");
            assertThat(log).contains("\"state\":\"pending\"");
            assertThat(receiver.received("/ok/it")).isEmpty();
            // The event is committed and undelivered when the replica dies.
            strict.killJvm();
        }

        Map<String, String> env = environment(true, true);
        CompletableFuture<SteleProcess> startingB = CompletableFuture.supplyAsync(() -> start(env));
        try (SteleProcess a = SteleProcess.start(env); SteleProcess b = startingB.join()) {
            // The event committed before the crash arrives after the restart.
            WebhookReceiver.Request first = receiver.await("/ok/it", 1).get(0);
            first.verify(secret);
            assertThat(first.data().path("version").asText()).isEqualTo("1");

            // Two replicas sending at once: every event exactly once.
            for (int i = 2; i <= 11; i++) {
                SteleProcess replica = i % 2 == 0 ? a : b;
                calls.draftWithFile(replica, model, Integer.toString(i));
                calls.expect(replica, "POST", "/api/v1/models/" + model + "/versions/" + i + "/publish", null, 200);
            }
            List<WebhookReceiver.Request> all = receiver.await("/ok/it", 11);
            Thread.sleep(1500); // time for any duplicate to arrive
            all = receiver.received("/ok/it");
            Map<String, Long> perId = all.stream().collect(Collectors.groupingBy(r -> r.header("webhook-id"), Collectors.counting()));
            assertThat(perId).hasSize(11).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
            for (WebhookReceiver.Request request : all) {
                request.verify(secret);
            }
            assertThat(all.stream().map(r -> r.event().getSubject()).distinct().count()).isEqualTo(11);
        }
    }

    private static SteleProcess start(Map<String, String> env) {
        try {
            return SteleProcess.start(env);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The delivery log of the namespace's one subscription once its last error contains {@code text}. */
    private static String awaitLog(ReplicasIT calls, SteleProcess stele, String text) throws Exception {
        String id = "wh_rebound";
        long deadline = System.nanoTime() + 60_000_000_000L;
        Function<String, String> log = path -> {
            try {
                return calls.call(stele, "GET", path, null).body();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        while (true) {
            String body = log.apply("/api/v1/namespaces/hooks/webhooks/" + id + "/deliveries");
            if (body.contains(text)) {
                return body;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no delivery error with " + text + ": " + body);
            }
            Thread.sleep(200);
        }
    }
}
