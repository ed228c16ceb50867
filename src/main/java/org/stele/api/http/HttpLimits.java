package org.stele.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;

/**
 * The request limits, answered as problem+json. The HTTP codec refuses a request line or header section past its own
 * limits before any hook of ours can run, with an empty body (Vert.x's invalid-request answer; Quarkus gives no way to
 * replace it), so the codec's limits are set well above these ({@code quarkus.http.limits.max-initial-line-length} and
 * {@code max-header-size}) and these are enforced here, first thing: a target longer than {@value #MAX_TARGET}
 * characters is 414 {@code uri_too_long}, a header section over {@value #MAX_HEADERS} bytes 431 {@code headers_too_large},
 * and a Content-Length over {@code quarkus.http.limits.max-body-size} 413 {@code body_too_large} (Quarkus's own check,
 * which answers without a body, comes later).
 */
@ApplicationScoped
public class HttpLimits {
    /** The longest request target (path and query) served; a file path of 1024 escaped UTF-8 characters fits. */
    public static final int MAX_TARGET = 16 * 1024;
    /** The largest header section served, names, values and separators. */
    public static final int MAX_HEADERS = 32 * 1024;

    private final ObjectMapper json;
    private final long maxBody;

    HttpLimits(ObjectMapper json, @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBody) {
        this.json = json;
        this.maxBody = maxBody.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
    }

    void install(@Observes Router router) {
        router.route().order(-1001).handler(this::check);
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.uri().length() > MAX_TARGET) {
            refuse(context, new ArchiveException(ErrorCode.URI_TOO_LONG, "the request target is longer than " + MAX_TARGET + " characters"));
            return;
        }
        long headers = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            headers += header.getKey().length() + header.getValue().length() + 4; // ": " and CRLF
        }
        if (headers > MAX_HEADERS) {
            refuse(context, new ArchiveException(ErrorCode.HEADERS_TOO_LARGE, "the request headers are larger than " + MAX_HEADERS + " bytes"));
            return;
        }
        String length = request.getHeader("Content-Length");
        if (length != null && tooLong(length)) {
            refuse(context, new ArchiveException(ErrorCode.BODY_TOO_LARGE, "the request body is larger than " + maxBody + " bytes"));
            return;
        }
        context.next();
    }

    private boolean tooLong(String contentLength) {
        try {
            return Long.parseLong(contentLength.strip()) > maxBody;
        } catch (NumberFormatException e) {
            return contentLength.strip().chars().allMatch(Character::isDigit); // digits past a long: too long; other junk is the codec's
        }
    }

    /** Answered and closed: the rest of an oversized request is not read. */
    private void refuse(RoutingContext context, ArchiveException e) {
        context.response().putHeader("Connection", "close").endHandler(ended -> context.request().connection().close());
        Problem.end(context, json, e);
    }
}
