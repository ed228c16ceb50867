package org.stele.archive.notification;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;
import org.stele.archive.access.AuditTrail;
import org.stele.archive.metrics.WebhookMetrics;
import org.stele.config.StartupGate;
import org.stele.config.SteleConfig;
import org.stele.domain.Timestamps;

/**
 * Sends webhook deliveries by Standard Webhooks 1.0: a {@code POST} of the event's CloudEvents JSON with
 * {@code webhook-id} (the event's id, the same on every attempt), {@code webhook-timestamp} (this attempt, unix
 * seconds) and {@code webhook-signature} ({@code v1,} base64 HMAC-SHA256 over {@code id.timestamp.body}, keyed with
 * the decoded secret; during a rotation a second {@code v1} signature with the previous secret).
 * <p>
 * Every instance works through the queue ({@code FOR UPDATE SKIP LOCKED}: one instance sends each delivery); sends
 * are asynchronous with connect and answer timeouts, so a slow receiver holds no worker and never stalls the others.
 * Redirects are not followed; answers are read up to {@value #ANSWER_CAP} bytes. Before every attempt the host is
 * resolved and each address checked ({@link TargetAddresses}); the client then connects by name, and the JVM's
 * address cache (30 s by default) gives it the addresses just checked. A failure is retried with exponential backoff
 * and jitter until the delivery's maximum age, then marked failed; a {@code 410 Gone} disables the subscription at
 * once, and one failing for {@code disable-after} is disabled, the reason kept for its owners.
 */
@ApplicationScoped
public class Delivery {
    private static final Logger LOG = Logger.getLogger(Delivery.class);
    static final int ANSWER_CAP = 4096;
    private static final int ERROR_CAP = 500;

    private final DeliveryQueue queue;
    private final TargetAddresses targets;
    private final WebhookMetrics metrics;
    private final AuditTrail audit;
    private final SteleConfig.Webhooks config;
    private final HttpClient client;
    private final ExecutorService resolver = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "webhook-resolver");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopping;

    Delivery(DeliveryQueue queue, TargetAddresses targets, WebhookMetrics metrics, AuditTrail audit, SteleConfig config) {
        this.queue = queue;
        this.targets = targets;
        this.metrics = metrics;
        this.audit = audit;
        this.config = config.webhooks();
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(this.config.connectTimeout()).build();
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        resolver.shutdownNow();
    }

    @Scheduled(every = "${stele.webhooks.tick}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = StartupGate.Closed.class)
    void tick() {
        if (!config.send() || stopping) {
            return;
        }
        try {
            drain();
        } catch (RuntimeException e) {
            LOG.warnf("webhook delivery paused, will retry: %s", e.getMessage());
        }
    }

    /** Keeps the delivery log to {@code retention}: older finished deliveries, and events none needs, are deleted. */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = StartupGate.Closed.class)
    void prune() {
        try {
            int gone = QuarkusTransaction.requiringNew().call(() -> queue.prune(config.retention()));
            if (gone > 0) {
                LOG.infof("webhook delivery log: %d deliveries older than %s forgotten", gone, config.retention());
            }
        } catch (RuntimeException e) {
            LOG.warnf("pruning the webhook delivery log failed, will retry: %s", e.getMessage());
        }
    }

    /** Starts every due delivery this instance has room for; does not wait for the answers. */
    public void drain() {
        // Longer than an attempt may take (resolution, connection, answer), so no other instance takes it meanwhile.
        Duration claim = config.timeout().plus(config.connectTimeout()).plusSeconds(30);
        int room = config.maxInFlight() - inFlight.get();
        if (room > 0) {
            List<DeliveryQueue.Task> tasks = QuarkusTransaction.requiringNew().call(() -> queue.claim(claim, room));
            tasks.forEach(this::attempt);
        }
        DeliveryQueue.Backlog backlog = QuarkusTransaction.requiringNew().call(queue::backlog);
        metrics.queue(backlog.pending(),
                backlog.oldest() == null ? 0 : Math.max(0, Duration.between(backlog.oldest(), Timestamps.now()).toSeconds()));
    }

    /** What an attempt came to: an answer's status and the start of its body, or why there was none. */
    private record Outcome(Integer status, String answer, String error, boolean refused, Duration retryAfter) {
        static Outcome failed(String error, boolean refused) {
            return new Outcome(null, null, error, refused, Duration.ZERO);
        }
    }

    private void attempt(DeliveryQueue.Task task) {
        inFlight.incrementAndGet();
        URI target = URI.create(task.url());
        CompletableFuture.supplyAsync(() -> {
            try {
                targets.resolve(target);
                return null;
            } catch (TargetAddresses.Refused e) {
                return Outcome.failed("target refused: " + e.getMessage(), true);
            }
        }, resolver).thenCompose(refused -> refused != null ? CompletableFuture.completedFuture(refused) : post(task, target))
                .exceptionally(Delivery::failure)
                .thenAccept(outcome -> record(task, outcome))
                .whenComplete((ok, e) -> {
                    inFlight.decrementAndGet();
                    if (e != null && !stopping) {
                        LOG.warnf("webhook delivery %d: cannot record the attempt, it will be retried: %s", task.id(), e.getMessage());
                    }
                });
    }

    private CompletionStage<Outcome> post(DeliveryQueue.Task task, URI target) {
        byte[] body = task.body().getBytes(StandardCharsets.UTF_8);
        long timestamp = java.time.Instant.now().getEpochSecond(); // the wall clock receivers check it against (5 min)
        String signature = sign(task.secret(), task.eventId(), timestamp, body);
        if (task.previousSecret() != null) {
            signature += " " + sign(task.previousSecret(), task.eventId(), timestamp, body);
        }
        HttpRequest request = HttpRequest.newBuilder(target).timeout(config.timeout())
                .header("Content-Type", "application/cloudevents+json; charset=utf-8")
                .header("User-Agent", "Stele-Webhooks/1.0")
                .header("webhook-id", task.eventId())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return client.sendAsync(request, info -> new CappedBody(ANSWER_CAP))
                .orTimeout(config.timeout().plus(config.connectTimeout()).toMillis() + 1000, java.util.concurrent.TimeUnit.MILLISECONDS)
                .thenApply(answer -> new Outcome(answer.statusCode(), answer.body(), null, false, retryAfter(answer)));
    }

    private static Outcome failure(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        String why = cause instanceof HttpTimeoutException || cause instanceof java.util.concurrent.TimeoutException ? "no answer in time"
                : cause instanceof ConnectException ? "cannot connect" + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
                : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return Outcome.failed(why, false);
    }

    /** A {@code Retry-After} in seconds (429, 503): honoured as the least delay before the next attempt. */
    private static Duration retryAfter(HttpResponse<?> answer) {
        return answer.headers().firstValue("retry-after").filter(v -> v.strip().matches("\\d{1,9}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v.strip()))).orElse(Duration.ZERO);
    }

    private void record(DeliveryQueue.Task task, Outcome outcome) {
        if (outcome.status() != null && outcome.status() >= 200 && outcome.status() < 300) {
            QuarkusTransaction.requiringNew().run(() -> queue.delivered(task, outcome.status()));
            metrics.attempt("delivered");
            return;
        }
        String error = outcome.error() != null ? outcome.error()
                : "HTTP " + outcome.status() + (outcome.status() >= 300 && outcome.status() < 400 ? " (redirects are not followed)" : "")
                        + (outcome.answer() == null || outcome.answer().isBlank() ? "" : ": " + outcome.answer());
        String line = clip(error.replaceAll("\\p{Cntrl}", " "));
        boolean gone = Integer.valueOf(410).equals(outcome.status());
        Duration backoff = delay(task.attempts());
        Duration delay = outcome.retryAfter().compareTo(backoff) > 0 ? min(outcome.retryAfter(), config.maxRetryDelay()) : backoff;
        boolean givingUp = gone || Timestamps.now().plus(delay).isAfter(task.giveUpAt());
        Optional<DeliveryQueue.Disabled> disabled = QuarkusTransaction.requiringNew().call(() -> {
            queue.failed(task, outcome.status(), line, delay, gone);
            Optional<DeliveryQueue.Disabled> off = queue.subscriptionFailed(task, line, config.disableAfter(), gone);
            off.ifPresent(d -> audit.record("webhook.disabled", "webhook:" + task.subscriptionId(), d.namespace(),
                    Map.of("reason", d.reason())));
            return off;
        });
        metrics.attempt(outcome.refused() ? "refused" : givingUp ? "failed" : "retry");
        disabled.ifPresent(d -> LOG.warnf("webhook %s disabled: %s", task.subscriptionId(), d.reason()));
        LOG.debugf("webhook delivery %d (attempt %d) failed, %s: %s", task.id(), task.attempts(),
                givingUp ? "given up" : "retry in " + delay.toMillis() + " ms", line);
    }

    /** Exponential backoff from the first delay, capped, with up to 20 % jitter so that receivers are not hit in step. */
    Duration delay(int attempts) {
        long base = Math.min(config.maxRetryDelay().toMillis(),
                config.retryDelay().toMillis() << Math.min(30, Math.max(0, attempts - 1)));
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 5 + 1));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String clip(String text) {
        return text.length() <= ERROR_CAP ? text : text.substring(0, ERROR_CAP) + "…";
    }

    /** {@code v1,} and the base64 HMAC-SHA256 of {@code id.timestamp.body} keyed with the secret's decoded bytes. */
    static String sign(String secret, String id, long timestamp, byte[] body) {
        byte[] key = Base64.getDecoder().decode(secret.substring(Subscriptions.SECRET_PREFIX.length()));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Takes up to {@code cap} bytes of an answer, then stops reading (the rest is never transferred into memory). */
    private static final class CappedBody implements HttpResponse.BodySubscriber<String> {
        private final int cap;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<String> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBody(int cap) {
            this.cap = cap;
        }

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                int n = Math.min(buffer.remaining(), cap - bytes.size());
                byte[] chunk = new byte[n];
                buffer.get(chunk);
                bytes.write(chunk, 0, n);
            }
            if (bytes.size() >= cap) {
                subscription.cancel();
                result.complete(text());
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable e) {
            result.complete(text()); // a status arrived; a broken body does not make it fail
        }

        @Override
        public void onComplete() {
            result.complete(text());
        }

        private String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
