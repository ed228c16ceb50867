package org.stele.api.hf;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;

/**
 * Vert.x resolves {@code ..} and {@code .} segments (also as {@code %2e}) and collapses {@code //} before
 * routing, so {@code resolve/main/a/../b} would silently serve {@code b}. Such a path names no archived file
 * (file paths have no empty, '.' or '..' segment), so it is refused before routing, in the Hub's error shape.
 * Segments encoded as {@code a%2F..%2Fb} reach the resources decoded and fail FilePath's check there.
 */
@ApplicationScoped
public class HubPathGuard {

    void install(@Observes Router router) {
        router.route().order(-999).handler(this::check);
    }

    private void check(RoutingContext context) {
        String uri = context.request().uri();
        int query = uri.indexOf('?');
        String raw = query < 0 ? uri : uri.substring(0, query);
        if (!raw.startsWith("/hf/") || !hasDotOrEmptySegment(raw.substring(1))) {
            context.next();
            return;
        }
        String message = "Invalid path: the request path has an empty, '.' or '..' segment";
        context.response().setStatusCode(400)
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Error-Code", "InvalidPath")
                .putHeader("X-Error-Message", message)
                .end(new JsonObject().put("error", message).encode());
    }

    static boolean hasDotOrEmptySegment(String path) {
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i].toLowerCase(Locale.ROOT).replace("%2e", ".");
            boolean last = i == segments.length - 1;
            if (segment.equals(".") || segment.equals("..") || (segment.isEmpty() && !last)) {
                return true;
            }
        }
        return false;
    }
}
