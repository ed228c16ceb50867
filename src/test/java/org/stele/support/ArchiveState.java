package org.stele.support;

import io.quarkus.narayana.jta.QuarkusTransaction;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stele.domain.catalog.Blob;
import org.stele.domain.catalog.UploadChunk;
import org.stele.domain.catalog.UploadSession;
import org.stele.store.BlobStore;

/**
 * What the archive holds, catalog and storage, so a test can prove a refused request changed nothing: row counts,
 * a digest of every catalog table's rows (a sum of row hashes: no sort of the whole table, which cost the suites minutes
 * as the shared catalog grew through a run), and the stored objects with their sizes and times (a rewritten record
 * shows as a new time even when its key and size stay). Left out: a token's last use (reading updates
 * it), when stored bytes became unreferenced (uploading them again restarts that clock) and failed authentications in the audit trail (a refused request records one, on purpose).
 */
public record ArchiveState(long blobs, long sessions, long chunks, Map<String, String> catalog, List<String> objects) {
    private static final Map<String, String> TABLES = new LinkedHashMap<>();

    static {
        for (String table : List.of("namespace", "model", "model_version", "identifier", "version_file", "alias",
                "upload_session", "upload_chunk", "search_entry", "app_user", "namespace_member", "depositor_signing_key",
                "blob_upload", "identifier_registration")) {
            TABLES.put(table, "select t::text from " + table + " t");
        }
        // Uploading stored bytes again restarts their garbage-collection grace period (unreferenced_since), on purpose.
        TABLES.put("blob", "select (digest, size, created_at, purged_at)::text from blob");
        TABLES.put("api_token", "select (id, name, token_hash, user_id, scopes, namespaces, expires_at, revoked_at)::text from api_token");
        TABLES.put("audit_event", "select t::text from audit_event t where action <> 'auth.failed'");
        // Every committed change that can alter a published answer moves the catalog generation.
        TABLES.put("catalog_generation", "select n::text from catalog_generation");
    }

    public static ArchiveState of(BlobStore store) throws IOException {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, String> catalog = new LinkedHashMap<>();
            TABLES.forEach((table, rows) -> catalog.put(table, (String) Blob.getEntityManager().createNativeQuery(
                    "select count(*) || ':' || coalesce(sum(hashtextextended(r, 0))::text, '') from (" + rows + ") as x(r)")
                    .getSingleResult()));
            return new ArchiveState(Blob.count(), UploadSession.count(), UploadChunk.count(), catalog, objects(store));
        });
    }

    /**
     * Every stored object with its size and time. On the shared S3Proxy the bucket's directory is read directly: the
     * same objects the S3 listing would give, without an HTTP round and a metadata read per object, which made the
     * S3 suites spend minutes listing a bucket that grows through the run.
     */
    private static List<String> objects(BlobStore store) throws IOException {
        Config config = ConfigProvider.getConfig();
        Optional<String> endpoint = config.getOptionalValue("stele.s3.endpoint", String.class);
        Optional<Path> bucket = S3ProxyServer.sharedBucket(config.getOptionalValue("stele.storage", String.class)
                .filter("s3"::equals).flatMap(s3 -> endpoint), config.getOptionalValue("stele.s3.bucket", String.class));
        if (bucket.isEmpty()) {
            return store.list("").stream().map(o -> o.key() + " " + o.size() + " " + o.lastModified()).toList();
        }
        if (!Files.isDirectory(bucket.get())) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(bucket.get())) {
            List<String> objects = new ArrayList<>();
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                objects.add(bucket.get().relativize(file).toString().replace(File.separatorChar, '/') + " "
                        + Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis());
            }
            Collections.sort(objects);
            return objects;
        }
    }
}
