package org.stele.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Requests sent byte for byte as written: java.net.http keeps the raw path (percent-escapes, dot segments) and
 * does not follow redirects, add Accept-Encoding or decompress, so tests see exactly what a client would.
 */
public final class RawHttp {
    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private final String base;

    /** @param base the application's root URL, as {@code @TestHTTPResource("/")} gives it */
    public RawHttp(URL base) {
        this.base = base.toString().replaceAll("/$", "");
    }

    /** {@code headers} are name, value pairs. */
    public HttpResponse<byte[]> send(String method, String rawPath, String... headers) {
        return send(method, rawPath, null, null, headers);
    }

    public HttpResponse<byte[]> post(String rawPath, String contentType, String body, String... headers) {
        return send("POST", rawPath, contentType, body, headers);
    }

    private HttpResponse<byte[]> send(String method, String rawPath, String contentType, String body, String[] headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + rawPath))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
