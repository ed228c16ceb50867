import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The S3 anchor of bench/run: the minio-java client Stele itself uses, talking to the S3 server directly, with the
 * same part size as Stele's S3 driver. One process serves every transfer of a run (so neither JVM start-up nor
 * warm-up counts): it reads "put KEY FILE" or "get KEY" lines and answers each with "bytes nanoseconds".
 *
 *   java -cp "classes:target/quarkus-app/lib/main/*" S3Direct ENDPOINT ACCESS SECRET BUCKET
 */
public final class S3Direct {
    private static final long PART_SIZE = 16L << 20; // as org.stele.store.s3.S3BlobStore

    public static void main(String[] args) throws Exception {
        MinioClient client = MinioClient.builder().endpoint(args[0]).credentials(args[1], args[2]).build();
        String bucket = args[3];
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        }
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = commands.readLine()) != null) {
            String[] command = line.trim().split(" ");
            long start = System.nanoTime();
            long bytes;
            if (command[0].equals("put")) {
                Path file = Path.of(command[2]);
                try (InputStream in = Files.newInputStream(file)) {
                    client.putObject(PutObjectArgs.builder().bucket(bucket).object(command[1]).stream(in, -1, PART_SIZE).build());
                }
                bytes = Files.size(file);
            } else {
                try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(command[1]).build())) {
                    bytes = in.transferTo(OutputStream.nullOutputStream());
                }
            }
            System.out.println(bytes + " " + (System.nanoTime() - start));
            System.out.flush();
        }
    }
}
