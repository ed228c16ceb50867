package org.stele.api.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;
import org.stele.config.SteleConfig;

/** The public address links are built on: {@code stele.public-base-url} when set, else the address of the request. */
@ApplicationScoped
public class PublicBase {
    private final SteleConfig config;

    PublicBase(SteleConfig config) {
        this.config = config;
    }

    /** The base URL, without a trailing slash. */
    public String of(UriInfo uri) {
        String base = config.publicBaseUrl().orElse(uri.getBaseUri().toString());
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
