package org.stele.api.pid;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;
import org.stele.api.http.PublicBase;
import org.stele.api.http.RenderedAnswer;
import org.stele.archive.export.Bags;
import org.stele.archive.reading.CatalogCache;

/**
 * Anonymous resolutions already rendered and known current leave from the event loop, before the hand-off to a worker
 * thread: the same answer {@link ResolverResource#resolve} would send from the same cache entry. Anything else (a
 * token, a landing page, whose key needs the database, a bag, an answer not cached or not known current without
 * asking the database) goes on to the resource as before.
 */
public class CachedResolutions {
    private final CatalogCache cache;
    private final PublicBase publicBase;

    CachedResolutions(CatalogCache cache, PublicBase publicBase) {
        this.cache = cache;
        this.publicBase = publicBase;
    }

    /** Before the other filters, as Quarkus REST requires of a non-blocking one; it reads no token, it lets them pass. */
    @ServerRequestFilter(nonBlocking = true, priority = 1)
    public Response cached(ContainerRequestContext request, SimpleResourceInfo resource) {
        if (resource.getResourceClass() != ResolverResource.class || !"resolve".equals(resource.getMethodName())
                || !"GET".equals(request.getMethod()) || request.getHeaders().containsKey(HttpHeaders.AUTHORIZATION)) {
            return null;
        }
        MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters();
        String format = query.getFirst("format");
        if (Bags.FORMAT.equals(format)) {
            return null;
        }
        Negotiation.Choice choice;
        try {
            choice = Negotiation.choose(format, query.getFirst("style"), query.getFirst("locale"),
                    request.getHeaders().getFirst(HttpHeaders.ACCEPT), true);
        } catch (RuntimeException e) {
            return null; // the resource refuses it
        }
        if (choice instanceof Negotiation.Html) {
            return null;
        }
        MultivaluedMap<String, String> path = request.getUriInfo().getPathParameters();
        RenderedAnswer answer = cache.peek(new ResolverResource.CacheKey(path.getFirst("prefix"), path.getFirst("suffix"),
                choice, publicBase.of(request.getUriInfo()), null));
        return answer == null ? null : answer.response(request.getHeaders().getFirst(HttpHeaders.IF_NONE_MATCH));
    }
}
