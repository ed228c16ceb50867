package org.stele.api;

import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.stele.store.IntegrityException;

/**
 * Content on its way out whose bytes prove wrong part-way: once the status and Content-Length are sent, an error
 * answer is no longer possible and ending the response would leave the client waiting, so the connection is cut
 * (an HTTP/2 stream is reset). The client sees a failed transfer, never a complete wrong file.
 */
final class AbortOnDamage extends FilterInputStream {
    private final RoutingContext exchange;

    private AbortOnDamage(InputStream in, RoutingContext exchange) {
        super(in);
        this.exchange = exchange;
    }

    /** Wraps content for the request being answered on this thread. */
    static InputStream wrap(InputStream content) {
        CurrentVertxRequest current = Arc.container().instance(CurrentVertxRequest.class).get();
        RoutingContext exchange = current == null ? null : current.getCurrent();
        return exchange == null ? content : new AbortOnDamage(content, exchange);
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IntegrityException e) {
            throw abort(e);
        }
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        try {
            return super.read(buffer, off, len);
        } catch (IntegrityException e) {
            throw abort(e);
        }
    }

    private IntegrityException abort(IntegrityException e) {
        if (exchange.response().headWritten()) {
            if (exchange.request().version() == HttpVersion.HTTP_2) {
                exchange.response().reset();
            } else {
                exchange.request().connection().close();
            }
        }
        return e;
    }
}
