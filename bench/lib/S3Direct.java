import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The S3 anchor of bench/run: the minio-java client Stele itself uses, talking to the S3 server directly, with the
 * same part size as Stele's S3 driver. Prints "bytes nanoseconds" of the transfer alone (no JVM start-up).
 *
 *   java -cp "classes:target/quarkus-app/lib/main/*" S3Direct put|get ENDPOINT ACCESS SECRET BUCKET KEY FILE
 */
public final class S3Direct {
    private static final long PART_SIZE = 16L << 20; // as org.stele.store.S3BlobStore

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        MinioClient client = MinioClient.builder().endpoint(args[1]).credentials(args[2], args[3]).build();
        String bucket = args[4];
        String key = args[5];
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        }
        long start = System.nanoTime();
        long bytes;
        if (mode.equals("put")) {
            Path file = Path.of(args[6]);
            try (InputStream in = Files.newInputStream(file)) {
                client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).stream(in, -1, PART_SIZE).build());
            }
            bytes = Files.size(file);
        } else {
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                bytes = in.transferTo(OutputStream.nullOutputStream());
            }
        }
        System.out.println(bytes + " " + (System.nanoTime() - start));
    }
}
