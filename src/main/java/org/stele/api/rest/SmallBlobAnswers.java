package org.stele.api.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;
import org.stele.archive.metrics.ArchiveMetrics;
import org.stele.archive.reading.CatalogCache;
import org.stele.domain.Digest;

/**
 * Anonymous GETs and HEADs of small content every reader may have leave from the event loop, before the hand-off to a
 * worker thread, when its answer is kept and known current: the answer {@link BlobResource} kept, from bytes it read
 * whole and verified. Anything else (a token, a range, a query such as {@code ?redirect=}, content not kept, or not
 * known current without asking the database) goes on to the resource as before.
 */
public class SmallBlobAnswers {
    /**
     * Content up to this long is kept. Configurations, tokenizer settings, model cards and the like, which clients fetch
     * over and over, are this small; weights are not. Kept answers share the {@link CatalogCache}'s memory budget with
     * the rendered records: one answer takes at most 1/1024 of it, and its admission policy (by frequency) keeps a scan
     * of content read once from pushing out what is read often.
     */
    static final int LIMIT = 64 << 10;

    private final CatalogCache cache;
    private final ArchiveMetrics metrics;

    SmallBlobAnswers(CatalogCache cache, ArchiveMetrics metrics) {
        this.cache = cache;
        this.metrics = metrics;
    }

    /** Before the other filters, as Quarkus REST requires of a non-blocking one; it reads no token, it lets them pass. */
    @ServerRequestFilter(nonBlocking = true, priority = 1)
    public Response kept(ContainerRequestContext request, SimpleResourceInfo resource) {
        boolean head = "HEAD".equals(request.getMethod());
        if (resource.getResourceClass() != BlobResource.class || !(head || "GET".equals(request.getMethod()))
                || !(head ? "head" : "get").equals(resource.getMethodName())
                || request.getHeaderString(HttpHeaders.AUTHORIZATION) != null || request.getHeaderString("Range") != null
                || request.getHeaderString("If-Range") != null || request.getUriInfo().getRequestUri().getRawQuery() != null) {
            return null;
        }
        Digest digest;
        try {
            digest = Digest.parse(request.getUriInfo().getPathParameters().getFirst("digest"));
        } catch (RuntimeException e) {
            return null; // the resource refuses it
        }
        BlobResource.Lookup kept = cache.peek(new BlobResource.CacheKey(digest));
        if (kept == null) {
            return null;
        }
        Response answer = kept.whole().response(request.getHeaderString(HttpHeaders.IF_NONE_MATCH), head);
        if (!head && answer.getStatus() == 200) {
            metrics.downloaded(kept.whole().body().length);
        }
        return answer;
    }
}
