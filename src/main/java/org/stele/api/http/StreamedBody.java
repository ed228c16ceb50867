package org.stele.api.http;

import io.netty.buffer.ByteBuf;
import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The body of the request being answered, read on a worker thread while the event loop keeps receiving: up to
 * {@link #HIGH_WATER} bytes wait in memory, then the connection stops reading until the reader has drained half of
 * them (TCP flow control holds the client back meanwhile). The stream Quarkus REST would give hands the body over one
 * network read at a time, each a wake-up of the reader and a round trip to the event loop; that capped uploads at a
 * third of what the disk takes.
 */
public final class StreamedBody extends InputStream {
    /** Bytes received but not yet read that make the connection pause. */
    static final int HIGH_WATER = 4 << 20;

    private final HttpServerRequest request;
    /** How long a body may go without a byte: the server's read timeout, as Quarkus' own body stream uses it. */
    private final Duration idleTimeout = ConfigProvider.getConfig()
            .getOptionalValue("quarkus.http.read-timeout", Duration.class).orElse(Duration.ofMinutes(30));
    private final Object lock;
    private final ArrayDeque<ByteBuf> received = new ArrayDeque<>();
    private long waiting;
    private boolean paused;
    private boolean ended;
    private Throwable failure;
    private boolean closed;

    private StreamedBody(HttpServerRequest request) {
        this.request = request;
        this.lock = request.connection(); // the monitor Vert.x itself takes around the request's flow control
    }

    /** Starts reading the body of the request being answered on this (worker) thread. */
    public static InputStream open() {
        CurrentVertxRequest current = Arc.container().instance(CurrentVertxRequest.class).get();
        RoutingContext exchange = current == null ? null : current.getCurrent();
        if (exchange == null) {
            throw new IllegalStateException("no HTTP request is being answered on this thread");
        }
        StreamedBody body = new StreamedBody(exchange.request());
        body.start();
        return body;
    }

    private void start() {
        synchronized (lock) {
            if (request.isEnded()) {
                ended = true; // nothing was sent, or it was read already
                return;
            }
            if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
                request.response().writeContinue();
            }
            request.pause();
            request.handler(this::received);
            request.endHandler(v -> {
                synchronized (lock) {
                    ended = true;
                    lock.notifyAll();
                }
            });
            request.exceptionHandler(e -> {
                synchronized (lock) {
                    failure = e;
                    lock.notifyAll();
                }
            });
            request.resume();
        }
    }

    private void received(Buffer chunk) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            ByteBuf bytes = chunk.getByteBuf();
            received.add(bytes);
            waiting += bytes.readableBytes();
            if (waiting >= HIGH_WATER && !paused) {
                paused = true;
                request.pause();
            }
            lock.notifyAll();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        synchronized (lock) {
            ByteBuf head = awaitBytes();
            if (head == null) {
                return -1;
            }
            int copied = 0;
            while (head != null && copied < length) {
                int n = Math.min(length - copied, head.readableBytes());
                head.readBytes(target, offset + copied, n);
                copied += n;
                if (!head.isReadable()) {
                    received.poll().release();
                    head = received.peek();
                }
            }
            waiting -= copied;
            if (paused && waiting < HIGH_WATER / 2) {
                paused = false;
                request.resume();
            }
            return copied;
        }
    }

    /** The first received buffer with bytes left, waiting for one if need be; null at the end of the body. */
    private ByteBuf awaitBytes() throws IOException {
        long deadline = System.nanoTime() + idleTimeout.toNanos();
        while (true) {
            if (closed) {
                throw new IOException("request body closed");
            }
            ByteBuf head = received.peek();
            if (head != null) {
                return head;
            }
            if (failure != null) {
                throw new ClientAbortException("the request body was cut off: " + failure.getMessage(), failure);
            }
            if (ended) {
                return null;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                request.connection().close();
                throw new ClientAbortException("no request body bytes for " + idleTimeout, null);
            }
            if (Context.isOnEventLoopThread()) {
                throw new IllegalStateException("a request body cannot be read on the event loop");
            }
            try {
                lock.wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the request body");
            }
        }
    }

    /** Drops what is left unread and lets the connection go on (a refused body is read to its end, then ignored). */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            ByteBuf unread;
            while ((unread = received.poll()) != null) {
                unread.release();
            }
            waiting = 0;
            if (paused) {
                paused = false;
                request.resume();
            }
        }
    }
}
