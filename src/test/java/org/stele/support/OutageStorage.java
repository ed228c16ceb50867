package org.stele.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * An S3 archive whose storage runs in its own S3Proxy process, which a test may kill, suspend and bring back; storage
 * calls time out after two seconds. Fixity passes start only when asked.
 */
public class OutageStorage implements QuarkusTestProfile {
    private static S3ProxyServer server;

    /** The storage server as last started. */
    public static synchronized S3ProxyServer server() {
        if (server == null) {
            server = S3ProxyServer.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.close()));
        }
        return server;
    }

    /** Ends the storage server (an outage). */
    public static synchronized void stop() {
        server().close();
    }

    /** Brings the storage server back on the same port with the same buckets. */
    public static synchronized void restart() {
        S3ProxyServer old = server();
        server = S3ProxyServer.start(old.port(), old.data());
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "stele.fixity.scheduled", "false",
                "stele.storage", "s3",
                "stele.s3.endpoint", server().endpoint(),
                "stele.s3.bucket", "stele-outage",
                "stele.s3.access-key", S3ProxyServer.ACCESS_KEY,
                "stele.s3.secret-key", S3ProxyServer.SECRET_KEY,
                "stele.s3.timeout", "2s");
    }
}
