package org.stele.api.http;

import io.netty.buffer.Unpooled;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * A body of {@code length} bytes read from a stream that may prove them damaged as it goes (a verifying stream withholds
 * its last bytes until their digest matches). It is sent in {@link HashedBodyBuffers#SIZE} pieces handed to the event
 * loop without a copy, a few in flight, so that reading and hashing the next piece on the worker overlaps with the
 * socket write of the ones before; the worker waits only when all its buffers are on their way out. Damage found cuts
 * the connection (as {@link AbortOnDamage} does), so no client ever receives a complete body of wrong bytes.
 */
public record HashedBody(InputStream content, long length) {

    /** Writes a {@link HashedBody} from the worker thread straight to the Vert.x response. */
    @Provider
    @Produces(MediaType.WILDCARD)
    public static final class Writer implements ServerMessageBodyWriter<HashedBody> {
        @Override
        public boolean isWriteable(Class<?> type, Type generic, ResteasyReactiveResourceInfo target, MediaType mediaType) {
            return HashedBody.class.equals(type);
        }

        @Override
        public boolean isWriteable(Class<?> type, Type generic, Annotation[] annotations, MediaType mediaType) {
            return HashedBody.class.equals(type);
        }

        @Override
        public void writeResponse(HashedBody body, Type generic, ServerRequestContext context) throws IOException {
            RoutingContext exchange = AbortOnDamage.exchange();
            HashedBodyBuffers.Lease lease = exchange == null || Context.isOnEventLoopThread() ? null
                    : HashedBodyBuffers.shared().lease();
            if (lease == null) { // no buffers free now: plain blocking writes through Quarkus REST's own stream
                try (OutputStream out = context.getOrCreateOutputStream()) {
                    copy(body, out);
                }
                return;
            }
            try (lease; InputStream in = body.content()) {
                new Transfer(exchange, lease.buffers()).send(in, body.length());
            }
        }

        /** The plain path, for writer interceptors and when no buffers are free. */
        @Override
        public void writeTo(HashedBody body, Class<?> type, Type generic, Annotation[] annotations, MediaType mediaType,
                MultivaluedMap<String, Object> headers, OutputStream out) throws IOException, WebApplicationException {
            copy(body, out);
        }

        private static void copy(HashedBody body, OutputStream out) throws IOException {
            try (InputStream in = AbortOnDamage.wrap(body.content())) {
                in.transferTo(out);
            }
        }
    }

    /** One body on its way out: its buffers are either free (here) or with the event loop until their write is over. */
    private static final class Transfer {
        private static final long POLL_MILLIS = 200;
        private final RoutingContext exchange;
        private final HttpServerResponse response;
        private final int count;
        private final LinkedBlockingQueue<byte[]> free;
        private volatile Throwable failure;

        Transfer(RoutingContext exchange, List<byte[]> buffers) {
            this.exchange = exchange;
            this.response = exchange.response();
            this.count = buffers.size();
            this.free = new LinkedBlockingQueue<>(buffers);
        }

        void send(InputStream in, long length) throws IOException {
            // Vert.x wants the length before the first write (Quarkus REST copies the answer's headers only then).
            response.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length));
            long sent = 0;
            try {
                while (true) {
                    byte[] buffer = free();
                    int wanted = (int) Math.min(buffer.length, length - sent);
                    int n;
                    try {
                        n = in.readNBytes(buffer, 0, wanted);
                    } catch (IOException e) { // damage proven (the withheld last bytes never leave), or storage failing
                        free.add(buffer);
                        throw AbortOnDamage.cut(exchange, e);
                    } catch (RuntimeException e) {
                        free.add(buffer);
                        throw AbortOnDamage.cut(exchange, e);
                    }
                    if (n < wanted) { // unverified bytes that end early: a short body must not pass for a whole one
                        free.add(buffer);
                        throw AbortOnDamage.cut(exchange, new IOException("content ended after " + (sent + n) + " of " + length + " bytes"));
                    }
                    sent += n;
                    hand(buffer, n, sent == length);
                    if (sent == length) {
                        return;
                    }
                }
            } finally {
                settle();
            }
        }

        /** Gives a filled buffer to the event loop; it comes back once the socket took it (or the write failed). */
        private void hand(byte[] buffer, int n, boolean last) throws IOException {
            Buffer piece = Buffer.buffer(Unpooled.wrappedBuffer(buffer, 0, n));
            try {
                if (last) {
                    response.end(piece, done -> back(buffer, done));
                } else {
                    response.write(piece, done -> back(buffer, done));
                }
            } catch (IllegalStateException e) { // the response is already closed
                free.add(buffer);
                throw new ClientAbortException("the client went away", e);
            }
        }

        private void back(byte[] buffer, AsyncResult<Void> done) {
            if (done.failed()) {
                failure = done.cause();
            }
            free.add(buffer);
        }

        /** A free buffer: waits for one to come back from the socket, fails once the client is gone. */
        private byte[] free() throws IOException {
            while (true) {
                if (failure != null) {
                    throw new ClientAbortException("the client went away", failure);
                }
                byte[] buffer;
                try {
                    buffer = free.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while sending a body");
                }
                if (buffer != null && failure == null) {
                    return buffer;
                }
                if (buffer != null) {
                    free.add(buffer);
                } else if (response.closed()) {
                    throw new ClientAbortException("the client went away", null);
                }
            }
        }

        /**
         * Waits until every buffer is back, so none is reused while the socket may still read it; on a closed connection
         * a write still queued only fails, so its buffer counts as back.
         */
        private void settle() {
            int back = 0;
            boolean interrupted = false;
            while (back < count) {
                try {
                    if (free.poll(POLL_MILLIS, TimeUnit.MILLISECONDS) != null) {
                        back++;
                    } else if (response.closed()) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
