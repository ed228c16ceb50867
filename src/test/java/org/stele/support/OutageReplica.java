package org.stele.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * A filesystem archive whose S3 replica runs in its own S3Proxy process, which a test may stop and bring back; fixity
 * passes start by themselves here, on a two-second cycle.
 */
public class OutageReplica implements QuarkusTestProfile {
    private static S3ProxyServer replica;

    /** The replica's server as last started. */
    public static synchronized S3ProxyServer replica() {
        if (replica == null) {
            replica = S3ProxyServer.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> replica.close()));
        }
        return replica;
    }

    /** Stops the replica's server (an outage). */
    public static synchronized void stop() {
        replica().close();
    }

    /** Brings the replica's server back on the same port with the same buckets. */
    public static synchronized void restart() {
        S3ProxyServer old = replica();
        replica = S3ProxyServer.start(old.port(), old.data());
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "stele.fixity.scheduled", "true",
                "stele.fixity.cycle", "2s",
                "stele.replica.storage", "s3",
                "stele.replica.s3.endpoint", replica().endpoint(),
                "stele.replica.s3.bucket", "stele-outage-replica",
                "stele.replica.s3.access-key", S3ProxyServer.ACCESS_KEY,
                "stele.replica.s3.secret-key", S3ProxyServer.SECRET_KEY);
    }
}
