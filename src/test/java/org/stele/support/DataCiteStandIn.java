package org.stele.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;

/**
 * A loopback stand-in for DataCite's REST API (which cannot be reached from here): it records every request exactly
 * as it arrived and answers as DataCite does ({@code 201}/{@code 200} with the DOI's JSON:API document, {@code 204}
 * for a delete), or, when a test says so, with an outage: 503, 401, 422, garbage, or no answer at all. As a test
 * profile it points {@code stele.datacite.*} at itself, under prefix {@value #PREFIX} with a fixed public base URL.
 */
public class DataCiteStandIn implements QuarkusTestProfile {
    public static final String PREFIX = "10.80000";
    public static final String USERNAME = "STELE.TEST";
    public static final String PASSWORD = "pa55-Word-never-shown";
    public static final String BASE_URL = "https://archive.example.org";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the stand-in answers the next calls. */
    public enum Answer {
        OK, UNAVAILABLE, UNAUTHORIZED, UNPROCESSABLE, GARBAGE, HANG
    }

    /** One request as received. */
    public record Call(String method, String path, String contentType, String authorization, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The DOI the call is about: from the path, or the body of a POST. */
        public String doi() {
            return path.startsWith("/dois/") ? path.substring("/dois/".length()) : json().path("data").path("attributes").path("doi").asText();
        }

        /** {@code draft} (POST), {@code delete}, or the PUT's event ({@code publish}, {@code hide}, {@code register}), else {@code update}. */
        public String kind() {
            return switch (method) {
                case "POST" -> "draft";
                case "DELETE" -> "delete";
                default -> json().path("data").path("attributes").path("event").asText("update");
            };
        }
    }

    private static HttpServer server;
    private static int port;
    private static boolean running;
    private static final ConcurrentLinkedDeque<Call> CALLS = new ConcurrentLinkedDeque<>();
    private static volatile Answer answer = Answer.OK;
    private static volatile int failuresLeft;

    public static synchronized String url() {
        if (server == null) {
            start(0);
            Runtime.getRuntime().addShutdownHook(new Thread(DataCiteStandIn::stop));
        }
        return "http://127.0.0.1:" + port;
    }

    /** Answers the next {@code times} calls with {@code failure}, then as DataCite would again. */
    public static void fail(Answer failure, int times) {
        answer = failure;
        failuresLeft = times;
    }

    public static void heal() {
        failuresLeft = 0;
        answer = Answer.OK;
    }

    /** Every call about {@code doi} (case-insensitive), in arrival order. */
    public static List<Call> calls(String doi) {
        return CALLS.stream().filter(c -> c.doi().equalsIgnoreCase(doi)).toList();
    }

    public static List<Call> all() {
        return new ArrayList<>(CALLS);
    }

    /** Stops answering: connections are refused until {@link #restart()}. */
    public static synchronized void stop() {
        if (server != null && running) {
            server.stop(0);
            running = false;
        }
    }

    /** Answers again on the same port, if stopped. */
    public static synchronized void restart() {
        if (!running) {
            start(port);
        }
    }

    private static void start(int on) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), on), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        port = server.getAddress().getPort();
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", DataCiteStandIn::handle);
        server.start();
        running = true;
    }

    private static void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Call call = new Call(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestHeaders().getFirst("Authorization"), body);
        CALLS.add(call);
        Answer now = Answer.OK;
        synchronized (DataCiteStandIn.class) {
            if (failuresLeft > 0) {
                failuresLeft--;
                now = answer;
            }
        }
        switch (now) {
            case UNAVAILABLE -> respond(exchange, 503, "text/html", "<html><body>503 Service Temporarily Unavailable</body></html>");
            case UNAUTHORIZED -> respond(exchange, 401, "application/vnd.api+json",
                    "{\"errors\":[{\"status\":\"401\",\"title\":\"Bad credentials.\"}]}");
            case UNPROCESSABLE -> respond(exchange, 422, "application/vnd.api+json",
                    "{\"errors\":[{\"source\":\"creators\",\"title\":\"DOI is missing required metadata\"}]}");
            case GARBAGE -> respond(exchange, 200, "application/json", "}{ not json at all \u0000");
            case HANG -> {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
            }
            case OK -> {
                if (call.method().equals("DELETE")) {
                    exchange.sendResponseHeaders(204, -1);
                    exchange.close();
                } else {
                    String doi = call.doi().toLowerCase();
                    respond(exchange, call.method().equals("POST") ? 201 : 200, "application/vnd.api+json",
                            "{\"data\":{\"id\":\"" + doi + "\",\"type\":\"dois\",\"attributes\":{\"doi\":\"" + doi + "\"}}}");
                }
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** The same, under DataCite's test prefix {@code 10.5072}, as an archive that never set its own. */
    public static class UnderTheTestPrefix extends DataCiteStandIn {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new java.util.HashMap<>(super.getConfigOverrides());
            overrides.put("stele.pid-prefix", "10.5072");
            return overrides;
        }
    }

    /** The same on the S3 driver (and, in CI's second pass, an external PostgreSQL). */
    public static class OnS3 extends DataCiteStandIn {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new java.util.HashMap<>(super.getConfigOverrides());
            overrides.putAll(new S3Storage().getConfigOverrides());
            return overrides;
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "stele.datacite.url", url(),
                "stele.datacite.username", USERNAME,
                "stele.datacite.password", PASSWORD,
                "stele.datacite.timeout", "1s",
                "stele.datacite.tick", "1h", // the tests send by calling Registration.drain(), one step at a time
                "stele.pid-prefix", PREFIX,
                "stele.public-base-url", BASE_URL);
    }
}
