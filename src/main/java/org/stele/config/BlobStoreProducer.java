package org.stele.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.ArrayList;
import java.util.List;
import org.stele.store.BlobStore;
import org.stele.store.FilesystemBlobStore;
import org.stele.store.S3BlobStore;

/** Chooses the blob store driver from configuration; switching drivers never needs a code change. */
@ApplicationScoped
public class BlobStoreProducer {

    @Produces
    @ApplicationScoped
    BlobStore blobStore(SteleConfig config) {
        if (config.storage() == SteleConfig.StorageDriver.filesystem) {
            return new FilesystemBlobStore(config.dataDir().resolve("blobs"));
        }
        SteleConfig.S3 s3 = config.s3();
        List<String> missing = new ArrayList<>();
        if (s3.endpoint().isEmpty()) missing.add("STELE_S3_ENDPOINT");
        if (s3.bucket().isEmpty()) missing.add("STELE_S3_BUCKET");
        if (s3.accessKey().isEmpty()) missing.add("STELE_S3_ACCESS_KEY");
        if (s3.secretKey().isEmpty()) missing.add("STELE_S3_SECRET_KEY");
        if (!missing.isEmpty()) {
            throw new ConfigurationProblem("STELE_STORAGE=s3 also needs " + String.join(", ", missing));
        }
        return new S3BlobStore(s3.endpoint().get(), s3.region(), s3.bucket().get(), s3.accessKey().get(), s3.secretKey().get());
    }
}
