package org.stele.api.http;

import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** HTML pages forbid inline script and foreign resources: a model card can never run code in a reader's browser. */
public class SecurityHeaders {
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @ServerResponseFilter
    public void secure(ContainerResponseContext response) {
        MediaType type = response.getMediaType();
        if (type != null && type.isCompatible(MediaType.TEXT_HTML_TYPE)) {
            response.getHeaders().putSingle("Content-Security-Policy", POLICY);
            response.getHeaders().putSingle("X-Content-Type-Options", "nosniff");
            response.getHeaders().putSingle("Referrer-Policy", "no-referrer");
        }
    }
}
