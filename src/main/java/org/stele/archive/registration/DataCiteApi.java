package org.stele.archive.registration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;

/**
 * DataCite's REST API, the three calls registration needs: {@code POST /dois} (a draft), {@code PUT /dois/{doi}}
 * (metadata and state events; creates the DOI when DataCite has none) and {@code DELETE /dois/{doi}} (drafts only).
 * JSON:API bodies, HTTP Basic. Every failure comes back as a {@link Failure} whose message an operator may read: it
 * carries the status and what DataCite said, never the credentials.
 */
final class DataCiteApi {
    static final String MEDIA_TYPE = "application/vnd.api+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DETAIL = 500;

    private final URI base;
    private final String password;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient client;

    DataCiteApi(String url, String username, String password, Duration timeout) {
        String trimmed = url.strip();
        this.base = URI.create(trimmed.endsWith("/") ? trimmed : trimmed + "/");
        this.password = password;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** A call that did not do what was asked; {@code status} is 0 when DataCite gave no HTTP answer. */
    static final class Failure extends Exception {
        final int status;

        Failure(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /**
     * Creates {@code doi} as a draft. A DOI DataCite knows already (422 "has already been taken", e.g. after a catalog
     * rebuild) is confirmed with a PUT carrying no event, which changes neither its state nor its metadata.
     */
    void createDraft(String doi, JsonNode body) throws Failure {
        try {
            expectDoi(doi, send(HttpRequest.newBuilder(base.resolve("dois")), "POST", body));
        } catch (Failure e) {
            if (e.status != 422) {
                throw e;
            }
            put(doi, body);
        }
    }

    /** Updates (or creates) {@code doi} with {@code body}: attributes and, when its state changes, an event. */
    void put(String doi, JsonNode body) throws Failure {
        expectDoi(doi, send(HttpRequest.newBuilder(doiUri(doi)), "PUT", body));
    }

    /** Deletes the draft {@code doi}; one DataCite does not know (404) is as good as deleted. */
    void deleteDraft(String doi) throws Failure {
        try {
            send(HttpRequest.newBuilder(doiUri(doi)), "DELETE", null);
        } catch (Failure e) {
            if (e.status != 404) {
                throw e;
            }
        }
    }

    private URI doiUri(String doi) {
        return base.resolve("dois/" + doi.toLowerCase(Locale.ROOT));
    }

    private String send(HttpRequest.Builder request, String method, JsonNode body) throws Failure {
        request.timeout(timeout).header("Authorization", authorization).header("Accept", MEDIA_TYPE);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", MEDIA_TYPE).method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new Failure(0, method + " " + base + ": no answer within " + timeout.toSeconds() + " s");
        } catch (ConnectException e) {
            throw new Failure(0, method + " " + base + ": cannot connect (" + reason(e) + ")");
        } catch (IOException e) {
            throw new Failure(0, method + " " + base + ": " + reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(0, method + " " + base + ": interrupted");
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw new Failure(status, "DataCite answered " + status + " to " + method + ": " + detail(response.body()));
        }
        return response.body();
    }

    /** A successful answer names the DOI; anything else (an HTML page, garbage) is not one DataCite gives. */
    private void expectDoi(String doi, String body) throws Failure {
        try {
            JsonNode data = JSON.readTree(body).path("data");
            String answered = data.path("attributes").path("doi").asText(data.path("id").asText(""));
            if (answered.equalsIgnoreCase(doi)) {
                return;
            }
        } catch (IOException e) {
            // not JSON: reported below
        }
        throw new Failure(200, "DataCite's answer is not the DOI document of " + doi + ": " + detail(body));
    }

    /** DataCite's error titles when it sent JSON:API errors, else the start of the body. */
    private String detail(String body) {
        if (body == null || body.isBlank()) {
            return "(empty answer)";
        }
        try {
            JsonNode errors = JSON.readTree(body).path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                StringBuilder out = new StringBuilder();
                for (JsonNode error : errors) {
                    out.append(out.isEmpty() ? "" : "; ").append(error.path("source").isMissingNode() ? ""
                            : error.path("source").asText() + ": ").append(error.path("title").asText(error.toString()));
                }
                return clip(out.toString());
            }
        } catch (IOException e) {
            // not JSON
        }
        return clip(body.strip());
    }

    /** One line, not too long, and never the password, whatever a server sent back. */
    private String clip(String text) {
        String oneLine = text.replace(password, "[redacted]").replaceAll("[\\s\\p{Cntrl}]+", " ");
        return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + "…";
    }

    private static String reason(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
