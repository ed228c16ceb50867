package org.stele.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real HTTP receiver on loopback for webhook tests, with paths that behave as receivers do: {@code /ok/…} answers
 * 204, {@code /flaky/…} 500 the first time then 204, {@code /busy/…} 503 with {@code Retry-After: 2} the first time, {@code /redirect/…} 302 to {@code /ok/redirected},
 * {@code /hang/…} answers only after a minute, {@code /gone/…} 410. It keeps every request as it came.
 * Independent of Stele's code: signatures are checked with the Standard Webhooks library and bodies parsed with the
 * CloudEvents SDK, in {@link Request}.
 */
public final class WebhookReceiver implements AutoCloseable {
    private final HttpServer server;
    private final List<Request> requests = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    /** One request as received: path, headers with lower-case names, the raw body. */
    public record Request(String path, Map<String, List<String>> headers, String body, long receivedAtNanos) {
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** Verifies the signature with the Standard Webhooks reference library; throws if it does not verify. */
        public void verify(String secret) throws Exception {
            new com.standardwebhooks.Webhook(secret).verify(body, headers);
        }

        /** The body parsed by the CloudEvents SDK as structured JSON (throws if it is not a valid CloudEvent). */
        public CloudEvent event() {
            EventFormat format = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);
            return format.deserialize(body.getBytes(StandardCharsets.UTF_8));
        }

        /** The event's data as JSON. */
        public com.fasterxml.jackson.databind.JsonNode data() throws IOException {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(event().getData().toBytes());
        }
    }

    private WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "webhook-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public static WebhookReceiver start() throws IOException {
        return new WebhookReceiver();
    }

    /** {@code http://127.0.0.1:port} + path. */
    public String url(String path) {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort() + path;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, List<String>> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(path, headers, body, System.nanoTime()));
        int hit = hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        int status = 204;
        if (path.startsWith("/flaky")) {
            status = hit == 1 ? 500 : 204;
        } else if (path.startsWith("/busy")) {
            if (hit == 1) {
                exchange.getResponseHeaders().add("Retry-After", "2");
            }
            status = hit == 1 ? 503 : 204;
        } else if (path.startsWith("/redirect")) {
            exchange.getResponseHeaders().add("Location", url("/ok/redirected"));
            status = 302;
        } else if (path.startsWith("/gone")) {
            status = 410;
        } else if (path.startsWith("/hang")) {
            try {
                Thread.sleep(Duration.ofMinutes(1).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (status == 204) {
            exchange.sendResponseHeaders(204, -1);
        } else {
            byte[] answer = ("answer " + status + " " + "x".repeat(10_000)).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
        }
        exchange.close();
    }

    /** Requests received so far whose path starts with {@code prefix}. */
    public List<Request> received(String prefix) {
        return received(r -> r.path().startsWith(prefix));
    }

    public List<Request> received(Predicate<Request> which) {
        synchronized (requests) {
            return requests.stream().filter(which).toList();
        }
    }

    /** Waits (up to a minute) until {@code count} requests whose path starts with {@code prefix} arrived. */
    public List<Request> await(String prefix, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (received(prefix).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + count + " requests to " + prefix + "; got " + received(prefix));
            }
            Thread.sleep(50);
        }
        return received(prefix);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
