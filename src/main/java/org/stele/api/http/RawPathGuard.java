package org.stele.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;
import org.stele.domain.FilePath;

/**
 * Checks the raw request path before the HTTP layer normalises it. Vert.x decodes escaped unreserved characters
 * ({@code %61} is {@code a}), resolves {@code ..} segments and takes an absolute-form target's path before routing,
 * which would silently store {@code a/../b} as {@code b} (or serve {@code b} under {@code /hf}). So the path is judged
 * as the router will see it: on every surface, a '.', '..' or inner empty segment in any encoding (a leading
 * {@code //} included) is refused with 400 {@code invalid_path}, and a file path under {@code /api} must be a valid
 * file path however its surface is spelled. Answered as problem+json, and in the Hub's error shape under {@code /hf}.
 */
@ApplicationScoped
public class RawPathGuard {
    private static final Pattern FILE = Pattern.compile("^/api/v1/models/[^/]+/[^/]+/versions/[^/]+/files/(.*)$");

    private final ObjectMapper json;

    RawPathGuard(ObjectMapper json) {
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(-1000).handler(this::check);
    }

    private void check(RoutingContext context) {
        String raw = context.request().path(); // as sent, without the query; an absolute-form target's path part
        if (raw == null) {
            context.next();
            return;
        }
        String routed = decodeUnreserved(raw);
        boolean hub = routed.replaceFirst("^/+", "/").startsWith("/hf/");
        if (hasDotOrEmptySegment(raw.startsWith("/") ? raw.substring(1) : raw)) {
            if (hub) {
                refuseInHubShape(context);
            } else if (routed.replaceFirst("^/+", "/").startsWith("/v2/")) {
                refuseInRegistryShape(context);
            } else {
                refuse(context, invalid("the request path has an empty, '.' or '..' segment"));
            }
            return;
        }
        if (!hub) {
            try {
                Matcher file = FILE.matcher(routed);
                if (file.matches()) {
                    FilePath.normalize(decode(file.group(1)));
                }
            } catch (ArchiveException e) {
                refuse(context, e);
                return;
            }
        }
        context.next();
    }

    /**
     * The path with escaped unreserved characters (RFC 3986 §2.3: letters, digits, '-', '.', '_', '~') decoded, as
     * Vert.x decodes them before routing; other escapes, malformed ones included, stay as they are.
     */
    static String decodeUnreserved(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        StringBuilder path = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && Character.digit(raw.charAt(i + 1), 16) >= 0 && Character.digit(raw.charAt(i + 2), 16) >= 0) {
                char decoded = (char) (Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                if ((decoded >= 'a' && decoded <= 'z') || (decoded >= 'A' && decoded <= 'Z') || (decoded >= '0' && decoded <= '9')
                        || decoded == '-' || decoded == '.' || decoded == '_' || decoded == '~') {
                    path.append(decoded);
                    i += 2;
                    continue;
                }
            }
            path.append(c);
        }
        return path.toString();
    }

    /**
     * Whether a path (without its leading '/') has a '.', '..' or inner empty segment, in any encoding, or a malformed
     * escape. Such a path names nothing here, and Vert.x would otherwise resolve it to another one before routing.
     */
    public static boolean hasDotOrEmptySegment(String path) {
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment;
            try {
                segment = decode(segments[i]);
            } catch (ArchiveException malformed) {
                return true;
            }
            boolean last = i == segments.length - 1;
            if (segment.equals(".") || segment.equals("..") || (segment.isEmpty() && !last)) {
                return true;
            }
        }
        return false;
    }

    /** Hugging Face clients read errors from X-Error-Code / X-Error-Message and a JSON {"error"} body. */
    private static void refuseInHubShape(RoutingContext context) {
        String message = "Invalid path: the request path has an empty, '.' or '..' segment";
        context.response().setStatusCode(400)
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Error-Code", "InvalidPath")
                .putHeader("X-Error-Message", message)
                .end(new io.vertx.core.json.JsonObject().put("error", message).encode());
    }

    /** The OCI Distribution error shape: no repository name has such a segment. */
    private static void refuseInRegistryShape(RoutingContext context) {
        context.response().setStatusCode(400)
                .putHeader("Content-Type", "application/json")
                .putHeader("Docker-Distribution-API-Version", "registry/2.0")
                .end(new io.vertx.core.json.JsonObject().put("errors", new io.vertx.core.json.JsonArray().add(
                        new io.vertx.core.json.JsonObject().put("code", "NAME_INVALID")
                                .put("message", "the request path has an empty, '.' or '..' segment"))).encode());
    }

    private void refuse(RoutingContext context, ArchiveException e) {
        Problem.end(context, json, e);
    }

    /** Percent-decodes a path (no '+' to space: that is only for forms), refusing malformed escapes and non-UTF-8. */
    static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0 || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    throw invalid("the path has a malformed percent-escape");
                }
                bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw invalid("the path is not valid UTF-8");
        }
    }

    private static ArchiveException invalid(String detail) {
        return new ArchiveException(ErrorCode.INVALID_PATH, detail);
    }
}
