package org.stele.api.http;

import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.stele.domain.IntegrityException;

/**
 * Content on its way out whose bytes prove wrong part-way: once the status and Content-Length are sent, an error
 * answer is no longer possible and ending the response would leave the client waiting, so the connection is cut
 * (an HTTP/2 stream is reset). The client sees a failed transfer, never a complete wrong file.
 */
final class AbortOnDamage extends FilterInputStream {
    private static final int TRANSFER_BUFFER = 256 << 10;
    private final RoutingContext exchange;

    private AbortOnDamage(InputStream in, RoutingContext exchange) {
        super(in);
        this.exchange = exchange;
    }

    /** Wraps content for the request being answered on this thread. */
    static InputStream wrap(InputStream content) {
        RoutingContext exchange = exchange();
        return exchange == null ? content : new AbortOnDamage(content, exchange);
    }

    /** The request being answered on this thread, or null outside one. */
    static RoutingContext exchange() {
        CurrentVertxRequest current = Arc.container().instance(CurrentVertxRequest.class).get();
        return current == null ? null : current.getCurrent();
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

    /**
     * Quarkus REST writes an entity stream with {@code transferTo}, whose default copies 8 KiB at a time; larger
     * pieces mean fewer hand-overs to the event loop.
     */
    @Override
    public long transferTo(OutputStream out) throws IOException {
        byte[] buffer = new byte[TRANSFER_BUFFER];
        long transferred = 0;
        int n;
        while ((n = read(buffer, 0, buffer.length)) >= 0) {
            out.write(buffer, 0, n);
            transferred += n;
        }
        return transferred;
    }

    private IntegrityException abort(IntegrityException e) {
        return cut(exchange, e);
    }

    /** Cuts the answer to {@code exchange} off if it has begun (else a problem answer is still possible); returns {@code e}. */
    static <E extends Exception> E cut(RoutingContext exchange, E e) {
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
