package org.stele.api.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;

/**
 * HTML pages forbid inline script and foreign resources: a model card can never run code in a reader's browser.
 * Set as the headers of every answer go out, whoever wrote the answer (a resource, an error page, a static file), so
 * no HTML answer can leave without them: a response filter misses answers whose media type is chosen after it runs.
 */
@ApplicationScoped
public class SecurityHeaders {
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    void install(@Observes Router router) {
        router.route().order(-2000).handler(this::watch);
    }

    private void watch(RoutingContext context) {
        HttpServerResponse response = context.response();
        context.addHeadersEndHandler(ignored -> secure(response));
        context.next();
    }

    private static void secure(HttpServerResponse response) {
        String type = response.headers().get(HttpHeaders.CONTENT_TYPE);
        if (type != null && type.trim().toLowerCase(Locale.ROOT).startsWith("text/html")) {
            response.putHeader("Content-Security-Policy", POLICY);
            response.putHeader("X-Content-Type-Options", "nosniff");
            response.putHeader("Referrer-Policy", "no-referrer");
        }
    }
}
