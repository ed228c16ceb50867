package org.stele.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

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

    /** An answer read off the socket: status, headers (names in lower case) and body. */
    public record Answer(int status, Map<String, String> headers, String body) {
    }

    /**
     * Writes {@code head} (request line and headers, lines ending in CRLF, without the blank line) to a socket as it is,
     * with Connection: close, and reads the answer to the end: for requests no client library would send (a request
     * line or headers past the server's limits, an absolute-form target, a Content-Length no body follows).
     */
    public Answer exchange(String head) {
        URI uri = URI.create(base);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String answer = new String(readAll(socket.getInputStream()), StandardCharsets.UTF_8);
            int end = answer.indexOf("\r\n\r\n");
            String[] lines = answer.substring(0, end < 0 ? answer.length() : end).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, end < 0 ? "" : answer.substring(end + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                bytes.write(buffer, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // the server may reset a connection it refused once its answer is out; the answer read so far is it
        }
        return bytes.toByteArray();
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
