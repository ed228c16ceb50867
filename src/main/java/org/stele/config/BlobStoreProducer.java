package org.stele.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.stele.store.BlobStore;
import org.stele.store.CheckedBlobStore;
import org.stele.store.ReplicaStore;
import org.stele.store.filesystem.FilesystemBlobStore;
import org.stele.store.s3.S3BlobStore;

/**
 * Chooses the blob store drivers (primary and optional replica) from configuration, never a code change, and wraps
 * each in the checks every driver shares ({@link CheckedBlobStore}).
 */
@ApplicationScoped
public class BlobStoreProducer {

    @Produces
    @ApplicationScoped
    BlobStore blobStore(SteleConfig config) {
        return create(config.storage(), config.dataDir().resolve("blobs"), config.s3(), "STELE_");
    }

    @Produces
    @Singleton
    ReplicaStore replicaStore(SteleConfig config) {
        SteleConfig.Replica replica = config.replica();
        if (replica.storage().isEmpty()) {
            return new ReplicaStore(Optional.empty());
        }
        if (replica.storage().get() == SteleConfig.StorageDriver.filesystem && replica.dataDir().isEmpty()) {
            throw new ConfigurationProblem("STELE_REPLICA_STORAGE=filesystem also needs STELE_REPLICA_DATA_DIR");
        }
        Path dir = replica.dataDir().orElse(null);
        return new ReplicaStore(Optional.of(create(replica.storage().get(), dir, replica.s3(), "STELE_REPLICA_")));
    }

    private static BlobStore create(SteleConfig.StorageDriver driver, Path directory, SteleConfig.S3 s3, String env) {
        return new CheckedBlobStore(transport(driver, directory, s3, env));
    }

    private static BlobStore transport(SteleConfig.StorageDriver driver, Path directory, SteleConfig.S3 s3, String env) {
        if (driver == SteleConfig.StorageDriver.filesystem) {
            return new FilesystemBlobStore(directory);
        }
        List<String> missing = new ArrayList<>();
        if (s3.endpoint().isEmpty()) missing.add(env + "S3_ENDPOINT");
        if (s3.bucket().isEmpty()) missing.add(env + "S3_BUCKET");
        if (s3.accessKey().isEmpty()) missing.add(env + "S3_ACCESS_KEY");
        if (s3.secretKey().isEmpty()) missing.add(env + "S3_SECRET_KEY");
        if (!missing.isEmpty()) {
            throw new ConfigurationProblem(env + "STORAGE=s3 also needs " + String.join(", ", missing));
        }
        return new S3BlobStore(s3.endpoint().get(), s3.region(), s3.bucket().get(), s3.accessKey().get(), s3.secretKey().get(),
                s3.timeout(), s3.publicEndpoint());
    }
}
