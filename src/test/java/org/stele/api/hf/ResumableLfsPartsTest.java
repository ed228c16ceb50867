package org.stele.api.hf;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.stele.domain.Digest;
import org.stele.store.BlobStore;
import org.stele.store.StorageLayout;
import org.stele.store.StoredObject;
import org.stele.support.Bytes;
import org.stele.support.Deposits;
import org.stele.support.Lab;

/**
 * Multipart LFS uploads (parts of {@code stele.hub.part-size}, 1 MiB under test): parts sent in order carry the hash
 * state and, where the driver appends in place, go into one staged object; parts out of order are kept apart and hashed
 * at completion. Either way the object is stored whole and right. Filesystem driver (subclassed for S3).
 */
@QuarkusTest
class ResumableLfsPartsTest {
    private static final String ADMIN = "Bearer stele_test_admin_token";

    @Inject
    BlobStore store;

    @Test
    void partsInOrderGoIntoOneStagedObjectAndBecomeTheBlob() throws IOException {
        byte[] bytes = Bytes.random((3 << 20) + 4321, 80);
        Set<String> staged = upload(bytes, List.of(1, 2, 3, 4));
        if (store.appendsInPlace()) {
            assertThat(staged).as("one staged object, no part of its own").hasSize(1).allMatch(key -> key.endsWith("/staged"));
        } else {
            assertThat(staged).hasSize(4);
        }
    }

    @Test
    void partsOutOfOrderAreKeptApartAndStillBecomeTheBlob() throws IOException {
        byte[] bytes = Bytes.random((3 << 20) + 99, 81);
        Set<String> staged = upload(bytes, List.of(3, 1, 4, 2));
        assertThat(staged.size()).as("the parts that came before their predecessor are objects of their own").isGreaterThan(1);
    }

    /** Sends the parts in {@code order}, then completes; returns the session objects there were just before completing. */
    private Set<String> upload(byte[] bytes, List<Integer> order) throws IOException {
        Lab lab = Lab.create("lfsparts");
        String token = Lab.token(lab.maintainer, List.of("read", "write"));
        String repo = lab.namespace + "/" + Deposits.uniqueName("m");
        given().header("Authorization", token).contentType("application/json")
                .body(Map.of("name", repo.substring(repo.indexOf('/') + 1), "organization", lab.namespace))
                .post("/hf/api/repos/create").then().statusCode(200);
        Digest digest = Digest.ofContent(bytes);
        Map<String, Object> upload = given().header("Authorization", token).contentType("application/vnd.git-lfs+json")
                .body(Map.of("operation", "upload", "transfers", List.of("basic", "multipart"), "hash_algo", "sha256",
                        "objects", List.of(Map.of("oid", digest.hex(), "size", bytes.length))))
                .post("/hf/" + repo + ".git/info/lfs/objects/batch").then().statusCode(200)
                .extract().path("objects[0].actions.upload");
        @SuppressWarnings("unchecked")
        Map<String, String> header = (Map<String, String>) upload.get("header");
        int partSize = Integer.parseInt(header.get("chunk_size"));
        assertThat(header).containsKeys("1", "2", "3", "4");
        Set<String> before = sessionObjects();
        for (int part : order) {
            int from = (part - 1) * partSize;
            byte[] body = java.util.Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + partSize));
            given().urlEncodingEnabled(false).contentType("application/octet-stream").body(body).put(local(header.get(Integer.toString(part))))
                    .then().statusCode(200);
        }
        Set<String> staged = new HashSet<>(sessionObjects());
        staged.removeAll(before);
        given().urlEncodingEnabled(false).contentType("application/vnd.git-lfs+json").body(Map.of("oid", digest.hex()))
                .post(local((String) upload.get("href"))).then().statusCode(200);
        assertThat(given().header("Authorization", ADMIN).get("/api/v1/blobs/" + digest).then().statusCode(200).extract().asByteArray())
                .isEqualTo(bytes);
        Set<String> left = new HashSet<>(sessionObjects());
        left.retainAll(staged);
        assertThat(left).as("nothing of the session is left").isEmpty();
        return staged;
    }

    private static String local(String href) {
        URI uri = URI.create(href);
        return uri.getRawPath() + "?" + uri.getRawQuery();
    }

    private Set<String> sessionObjects() throws IOException {
        List<String> keys = new ArrayList<>();
        for (StoredObject object : store.list(StorageLayout.UPLOADS)) {
            if (StorageLayout.isChunk(object.key())) {
                keys.add(object.key());
            }
        }
        return new HashSet<>(keys);
    }
}
