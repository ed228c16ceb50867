package org.stele.store.s3;

import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;
import io.minio.BucketExistsArgs;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.UploadPartCopyResponse;
import io.minio.UploadPartResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import io.minio.errors.ServerException;
import io.minio.errors.InvalidResponseException;
import io.minio.messages.Item;
import io.minio.messages.ListMultipartUploadsResult;
import io.minio.messages.ListPartsResult;
import io.minio.messages.Part;
import io.minio.messages.Upload;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.stele.store.BlobStore;
import org.stele.store.CountingInputStream;
import org.stele.store.NoSuchObjectException;
import org.stele.store.Pending;
import org.stele.store.StorageException;
import org.stele.store.StorageUnavailableException;
import org.stele.store.StoredObject;

/**
 * Stores each key as an object in one S3 bucket (MinIO, AWS S3, Ceph RGW, S3Proxy …). S3 writes are
 * atomic by nature: an object becomes visible only when its upload (multipart when large) completes.
 */
public final class S3BlobStore implements BlobStore {
    private static final Logger LOG = Logger.getLogger(S3BlobStore.class);
    /** Part size for uploads of unknown length: 16 MiB parts allow objects up to 160 GiB. */
    static final long PART_SIZE = 16L << 20;
    /** The largest object a single server-side copy may handle. */
    private static final long MAX_SINGLE_COPY = 5L << 30;
    /** The smallest part S3 takes but for the last one of an upload. */
    static final long MIN_PART = 5L << 20;
    /** The most parts one multipart upload may have. */
    static final int MAX_PARTS = 10_000;
    private static final Multimap<String, String> CONTENT_TYPE = ImmutableMultimap.of("Content-Type", "application/octet-stream");

    private final MinioClient client;
    /** The same server through minio's lower-level calls, for multipart uploads held open until committed. */
    private final MinioAsyncClient parts;
    private final String endpoint;
    private final String region;
    private final String bucket;
    /** Multipart uploads this process holds open until their bytes are checked: a sweep leaves them alone. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    /** False once the server said it cannot list multipart uploads; their cleanup is then the bucket's lifecycle rule. */
    private volatile boolean listsUploads = true;
    private final RangedReads ranged;
    /** Signs presigned links for the address clients reach storage at, which may not be the archive's own. */
    private final MinioClient signer;

    /** Waits at most {@code timeout} to connect, and for each read or write on the connection, before giving up. */
    public S3BlobStore(String endpoint, String region, String bucket, String accessKey, String secretKey, Duration timeout) {
        this(endpoint, region, bucket, accessKey, secretKey, timeout, Optional.empty());
    }

    /**
     * As above; presigned links name {@code publicEndpoint} (the address clients reach the same server at, e.g. behind
     * a proxy or outside the cluster) when given, else {@code endpoint}.
     */
    public S3BlobStore(String endpoint, String region, String bucket, String accessKey, String secretKey, Duration timeout,
            Optional<String> publicEndpoint) {
        this(endpoint, region, bucket, accessKey, secretKey, timeout, RangedReads.forHeap(), publicEndpoint);
    }

    /** With the given budget for parallel ranged reads (tests use tiny ranges). */
    S3BlobStore(String endpoint, String region, String bucket, String accessKey, String secretKey, Duration timeout,
            RangedReads ranged) {
        this(endpoint, region, bucket, accessKey, secretKey, timeout, ranged, Optional.empty());
    }

    private S3BlobStore(String endpoint, String region, String bucket, String accessKey, String secretKey, Duration timeout,
            RangedReads ranged, Optional<String> publicEndpoint) {
        this.endpoint = endpoint;
        this.region = region;
        this.bucket = bucket;
        this.ranged = ranged;
        this.client = MinioClient.builder()
                .endpoint(endpoint)
                .region(region)
                .credentials(accessKey, secretKey)
                .build();
        this.parts = MinioAsyncClient.builder()
                .endpoint(endpoint)
                .region(region)
                .credentials(accessKey, secretKey)
                .build();
        // minio's default is five minutes for each: a hung server would hold a request (and readiness) that long.
        long millis = timeout.toMillis();
        client.setTimeout(millis, millis, millis);
        parts.setTimeout(millis, millis, millis);
        // With the region given, minio signs without asking the server anything.
        this.signer = publicEndpoint.isEmpty() ? client : MinioClient.builder()
                .endpoint(publicEndpoint.get())
                .region(region)
                .credentials(accessKey, secretKey)
                .build();
    }

    @Override
    public String driver() {
        return "s3";
    }

    @Override
    public String location() {
        return "s3://" + bucket + " at " + endpoint;
    }

    @Override
    public void verify() throws StorageException {
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        } catch (ErrorResponseException e) {
            if (unavailable(e)) {
                throw outage("unavailable: " + e.errorResponse().code(), e);
            }
            throw new StorageException("S3 bucket " + bucket + " at " + endpoint + " refused access: "
                    + e.errorResponse().code() + " " + e.errorResponse().message(), e);
        } catch (IllegalArgumentException e) {
            throw new StorageException("S3 settings are invalid: " + e.getMessage(), e);
        } catch (Exception e) {
            throw outage("not reachable (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public long put(String key, InputStream in) throws IOException {
        CountingInputStream counted = new CountingInputStream(in);
        call(() -> client.putObject(PutObjectArgs.builder()
                .bucket(bucket)
                .object(key)
                .stream(counted, -1, PART_SIZE)
                .contentType("application/octet-stream")
                .build()));
        return counted.count();
    }

    /**
     * Streams the bytes as a multipart upload to {@code key} itself, left open until commit: S3 shows an object only
     * once its upload completes, so nothing is visible before the caller has checked the bytes, and no copy from a
     * staging key follows. One part uploads while the next is read. Bytes that fit in one part are sent on commit.
     */
    @Override
    public Pending prepare(String key, String staging, InputStream in) throws IOException {
        byte[] first = in.readNBytes((int) PART_SIZE);
        if (first.length < PART_SIZE) {
            return Pending.of(first.length, () -> put(key, new ByteArrayInputStream(first)), () -> { });
        }
        String upload = call(() -> parts.createMultipartUploadAsync(bucket, region, key, CONTENT_TYPE, null).get().result().uploadId());
        held.add(upload);
        List<Part> sent = new ArrayList<>();
        long size = 0;
        try {
            byte[] part = first;
            int number = 0;
            CompletableFuture<UploadPartResponse> inFlight = null;
            while (part.length > 0) {
                byte[] data = part;
                int partNumber = ++number;
                CompletableFuture<UploadPartResponse> next = call(() -> parts.uploadPartAsync(bucket, region, key, data, data.length,
                        upload, partNumber, null, null));
                if (inFlight != null) {
                    sent.add(done(inFlight));
                }
                inFlight = next;
                size += data.length;
                part = in.readNBytes((int) PART_SIZE);
            }
            sent.add(done(inFlight));
        } catch (IOException | RuntimeException e) {
            abort(key, upload);
            throw e;
        }
        Part[] all = sent.toArray(Part[]::new);
        return Pending.of(size, () -> {
            call(() -> parts.completeMultipartUploadAsync(bucket, region, key, upload, all, null, null).get());
            held.remove(upload);
        }, () -> abort(key, upload));
    }

    private Part done(CompletableFuture<UploadPartResponse> upload) throws IOException {
        UploadPartResponse response = call(upload::get);
        return new Part(response.partNumber(), response.etag());
    }

    private void abort(String key, String upload) throws IOException {
        call(() -> parts.abortMultipartUploadAsync(bucket, region, key, upload, null, null).get());
        held.remove(upload);
    }

    /**
     * Aborts the incomplete multipart uploads a crash or a killed client left: those no part was sent to for
     * {@code maxAge} (nor begun since) and not held open by this process. Their parts are invisible but cost storage.
     */
    @Override
    public long removeStaleTemporaries(Duration maxAge) throws IOException {
        if (!listsUploads) {
            return 0;
        }
        try {
            return abortStaleUploads(Instant.now().minus(maxAge));
        } catch (StorageException e) {
            if (!notImplemented(e)) {
                throw e;
            }
            listsUploads = false;
            LOG.infof("S3 at %s cannot list incomplete multipart uploads: set the bucket's lifecycle rule "
                    + "AbortIncompleteMultipartUpload to remove those of killed uploads", endpoint);
            return 0;
        }
    }

    /** Whether the server answered that it does not implement the request (S3Proxy on a local backend, some gateways). */
    private static boolean notImplemented(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ErrorResponseException response && "NotImplemented".equals(response.errorResponse().code())
                    || cause instanceof InvalidResponseException && String.valueOf(cause.getMessage()).contains("Response code: 501")) {
                return true;
            }
        }
        return false;
    }

    private long abortStaleUploads(Instant cutoff) throws IOException {
        long removed = 0;
        String keyMarker = null;
        String uploadMarker = null;
        while (true) {
            String keys = keyMarker;
            String uploads = uploadMarker;
            ListMultipartUploadsResult page = call(() -> parts.listMultipartUploadsAsync(bucket, region, null, null, keys, 1000, null,
                    uploads, null, null).get().result());
            for (Upload upload : page.uploads() == null ? List.<Upload>of() : page.uploads()) {
                if (held.contains(upload.uploadId())) {
                    continue;
                }
                Instant lastTouched = upload.initiated() == null ? Instant.EPOCH : upload.initiated().toInstant();
                long size = 0;
                for (Part part : sentParts(upload)) {
                    size += part.partSize();
                    if (part.lastModified() != null && part.lastModified().toInstant().isAfter(lastTouched)) {
                        lastTouched = part.lastModified().toInstant();
                    }
                }
                if (lastTouched.isBefore(cutoff)) {
                    abort(upload.objectName(), upload.uploadId());
                    removed += size;
                }
            }
            if (!page.isTruncated()) {
                return removed;
            }
            keyMarker = page.nextKeyMarker();
            uploadMarker = page.nextUploadIdMarker();
        }
    }

    private List<Part> sentParts(Upload upload) throws IOException {
        List<Part> found = new ArrayList<>();
        Integer marker = null;
        while (true) {
            Integer after = marker;
            ListPartsResult page = call(() -> parts.listPartsAsync(bucket, region, upload.objectName(), 1000, after, upload.uploadId(),
                    null, null).get().result());
            if (page.partList() != null) {
                found.addAll(page.partList());
            }
            if (!page.isTruncated()) {
                return found;
            }
            marker = page.nextPartNumberMarker();
        }
    }

    @Override
    public Optional<Long> size(String key) throws IOException {
        try {
            return Optional.of(client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()).size());
        } catch (ErrorResponseException e) {
            if (isMissing(e)) {
                return Optional.empty();
            }
            throw wrap(e);
        } catch (Exception e) {
            throw wrap(e);
        }
    }

    /**
     * Opens the bytes; a long known length is fetched as parallel ranges delivered in order ({@link RangedReads}),
     * when buffers are free, for one GET stream of S3 is slower than the server.
     */
    @Override
    public InputStream get(String key, long offset, long length) throws IOException {
        if (length >= 0 && ranged.worthSplitting(length)) {
            InputStream parallel = ranged.open((from, n) -> range(key, from, n), offset, length);
            if (parallel != null) {
                return parallel;
            }
        }
        return single(key, offset, length);
    }

    /** One range of a ranged read: past the end of a (damaged, shorter) object it holds nothing, as a short GET would. */
    private InputStream range(String key, long offset, long length) throws IOException {
        try {
            return single(key, offset, length);
        } catch (StorageException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ErrorResponseException refusal && "InvalidRange".equals(refusal.errorResponse().code())) {
                    return InputStream.nullInputStream();
                }
            }
            throw e;
        }
    }

    private InputStream single(String key, long offset, long length) throws IOException {
        GetObjectArgs.Builder args = GetObjectArgs.builder().bucket(bucket).object(key);
        if (offset > 0 || length >= 0) {
            args.offset(offset);
        }
        if (length >= 0) {
            if (length == 0) {
                // S3 cannot express an empty range; check the object exists and answer nothing.
                if (size(key).isEmpty()) {
                    throw new NoSuchObjectException(key);
                }
                return InputStream.nullInputStream();
            }
            args.length(length);
        }
        try {
            return client.getObject(args.build());
        } catch (ErrorResponseException e) {
            if (isMissing(e)) {
                throw new NoSuchObjectException(key);
            }
            throw wrap(e);
        } catch (Exception e) {
            throw wrap(e);
        }
    }

    /** A query-string-signed (SigV4) GET of the object; S3 itself refuses it once {@code lifetime} has passed. */
    @Override
    public Optional<java.net.URI> presignedGet(String key, Duration lifetime) throws IOException {
        int seconds = (int) Math.max(1, Math.min(lifetime.toSeconds(), GetPresignedObjectUrlArgs.DEFAULT_EXPIRY_TIME));
        return Optional.of(java.net.URI.create(call(() -> signer.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                .method(Method.GET).bucket(bucket).object(key).expiry(seconds).build()))));
    }

    @Override
    public void delete(String key) throws IOException {
        call(() -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        });
    }

    @Override
    public void move(String from, String to) throws IOException {
        long size = size(from).orElseThrow(() -> new NoSuchObjectException(from));
        if (size <= MAX_SINGLE_COPY) {
            call(() -> client.copyObject(CopyObjectArgs.builder().bucket(bucket).object(to)
                    .source(CopySource.builder().bucket(bucket).object(from).build()).build()));
        } else {
            compose(List.of(new StoredObject(from, size, null)), to); // larger than one copy allows
        }
        delete(from);
    }

    /**
     * Writes the concatenation of {@code sources} to {@code to} as a multipart upload whose parts are copied server-side
     * (UploadPartCopy, at most 5 GiB each). No precondition on the sources' ETags (minio's composeObject sends one, which
     * S3Proxy refuses): they are the caller's own staged objects, which nothing else writes.
     */
    private void compose(List<StoredObject> sources, String to) throws IOException {
        String upload = call(() -> parts.createMultipartUploadAsync(bucket, region, to, CONTENT_TYPE, null).get().result().uploadId());
        held.add(upload);
        try {
            List<Part> copied = new ArrayList<>();
            for (StoredObject source : sources) {
                for (long start = 0; start < source.size(); start += MAX_SINGLE_COPY) {
                    Multimap<String, String> range = ImmutableMultimap.of("x-amz-copy-source", bucket + "/" + source.key(),
                            "x-amz-copy-source-range", "bytes=" + start + "-" + (Math.min(source.size(), start + MAX_SINGLE_COPY) - 1));
                    int number = copied.size() + 1;
                    UploadPartCopyResponse part = call(() -> parts.uploadPartCopyAsync(bucket, region, to, upload, number, range, null).get());
                    copied.add(new Part(number, part.result().etag()));
                }
            }
            Part[] all = copied.toArray(Part[]::new);
            call(() -> parts.completeMultipartUploadAsync(bucket, region, to, upload, all, null, null).get());
            held.remove(upload);
        } catch (IOException | RuntimeException e) {
            abort(to, upload);
            throw e;
        }
    }

    /**
     * The chunks of an upload session become the object by a server-side composition (UploadPartCopy): no byte passes
     * through the archive. S3 takes at most {@value #MAX_PARTS} parts, each but the last of {@link #MIN_PART} at least (a
     * source above 5 GiB counts as several); other sessions are streamed by the caller.
     */
    @Override
    public Optional<Pending> assemble(List<StoredObject> pieces, String key) throws IOException {
        long parts = 0;
        for (int i = 0; i < pieces.size(); i++) {
            long size = pieces.get(i).size();
            if (size < MIN_PART && i < pieces.size() - 1 || size == 0) {
                return Optional.empty();
            }
            parts += (size + MAX_SINGLE_COPY - 1) / MAX_SINGLE_COPY;
        }
        if (pieces.isEmpty() || parts > MAX_PARTS) {
            return Optional.empty();
        }
        long size = pieces.stream().mapToLong(StoredObject::size).sum();
        return Optional.of(Pending.of(size, () -> compose(pieces, key), () -> { }));
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        List<StoredObject> found = new ArrayList<>();
        Iterable<Result<Item>> results = client.listObjects(
                ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build());
        for (Result<Item> result : results) {
            Item item = call(result::get);
            if (item.isDir() || item.objectName().endsWith("/")) {
                continue; // directory markers some servers list; never one of our keys
            }
            found.add(new StoredObject(item.objectName(), item.size(),
                    item.lastModified() == null ? null : item.lastModified().toInstant()));
        }
        return found;
    }

    private static boolean isMissing(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchObject".equals(code) || e.response().code() == 404;
    }

    private interface S3Call<T> {
        T run() throws Exception;
    }

    private <T> T call(S3Call<T> action) throws IOException {
        try {
            return action.run();
        } catch (Exception e) {
            throw wrap(e);
        }
    }

    /**
     * Tells an S3 server that could not be reached or did not answer in time (unavailable: retrying later may work)
     * from one that answered something we did not expect (a real storage error), whatever wrapping the async calls add.
     */
    private IOException wrap(Exception e) {
        if (e instanceof StorageException stored) {
            return stored;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ErrorResponseException refusal) {
                return unavailable(refusal) ? outage("unavailable: " + refusal.errorResponse().code(), e)
                        : new StorageException("S3 request failed: " + refusal.errorResponse().code() + " " + refusal.getMessage(), e);
            }
            if (cause instanceof ServerException server) {
                return server.statusCode() == 502 || server.statusCode() == 503 || server.statusCode() == 504
                        ? outage("unavailable: HTTP " + server.statusCode(), e)
                        : new StorageException("S3 request failed: " + server.getMessage(), e);
            }
            if (cause instanceof ConnectException || cause instanceof NoRouteToHostException || cause instanceof UnknownHostException
                    || cause instanceof InterruptedIOException || cause instanceof SocketException || cause instanceof EOFException) {
                // Refused, reset, unresolvable, or timed out (OkHttp's timeouts are InterruptedIOExceptions).
                return outage("not reachable (" + cause + ")", e);
            }
        }
        if (e instanceof IOException io) {
            return io;
        }
        return new StorageException("S3 request failed: " + e.getMessage(), e);
    }

    private StorageUnavailableException outage(String why, Exception e) {
        return new StorageUnavailableException("S3 endpoint " + endpoint + " is " + why, e);
    }

    /** S3 says so itself: 503 SlowDown or ServiceUnavailable. */
    private static boolean unavailable(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return "SlowDown".equals(code) || "ServiceUnavailable".equals(code) || e.response().code() == 503;
    }
}
