package org.stele.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 server (S3Proxy with a filesystem backend) in its own process on a free loopback port.
 * It runs outside the test JVM because its Guice clashes with Quarkus' test classpath.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "stele-test";
    public static final String SECRET_KEY = "stele-test-secret";

    private static S3ProxyServer shared;

    private final Process process;
    private final int port;
    private final Path data;

    private S3ProxyServer(Process process, int port, Path data) {
        this.process = process;
        this.port = port;
        this.data = data;
    }

    /** One server for the whole test JVM, stopped when the JVM exits. */
    public static synchronized S3ProxyServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** The directory holding {@code bucket} when {@code endpoint} is the shared server's, so tests can read it whole. */
    public static synchronized Optional<Path> sharedBucket(Optional<String> endpoint,
            Optional<String> bucket) {
        if (shared == null || endpoint.isEmpty() || bucket.isEmpty() || !endpoint.get().equals(shared.endpoint())) {
            return Optional.empty();
        }
        return Optional.of(shared.data.resolve(bucket.get()));
    }

    public static S3ProxyServer start() {
        try {
            return start(freePort(), Files.createTempDirectory("s3proxy-data"));
        } catch (IOException e) {
            throw new IllegalStateException("could not start S3Proxy", e);
        }
    }

    /** A server on {@code port} keeping its buckets under {@code data}: how a stopped server is brought back. */
    public static S3ProxyServer start(int port, Path data) {
        try {
            String jar = System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar");
            if (!Files.exists(Path.of(jar))) {
                throw new IllegalStateException("S3Proxy jar missing at " + jar + "; run the tests through Maven");
            }
            Path dir = Files.createTempDirectory("s3proxy");
            Path properties = dir.resolve("s3proxy.properties");
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + data,
                    ""));
            Process process = new ProcessBuilder(javaBinary(), "-Xmx512m", "-jar", jar, "--properties", properties.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("s3proxy.log").toFile())
                    .start();
            S3ProxyServer server = new S3ProxyServer(process, port, data);
            server.awaitListening(dir.resolve("s3proxy.log"));
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not start S3Proxy", e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Where the buckets live on disk. */
    public Path data() {
        return data;
    }

    private void awaitListening(Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited: " + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(200);
            }
        }
        throw new IllegalStateException("S3Proxy did not listen within 60 s: " + Files.readString(log));
    }

    /** Stops the server's process without ending it (SIGSTOP): connections are accepted by the kernel, never answered. */
    public void suspend() {
        signal("STOP");
    }

    /** Lets a suspended server run on (SIGCONT). */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            int exit = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
