package org.stele.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stele.support.Bytes;
import org.stele.support.S3ProxyServer;
import org.stele.support.TestPostgres;

/** Several stateless replicas on one PostgreSQL and one S3 server see one truth, and stop without losing work. */
class ReplicasIT {
    static final String TOKEN = ExternalServicesIT.TOKEN;
    static final Pattern PID = Pattern.compile("\"pid\":\"([^\"]+)\"");
    static TestPostgres postgres;
    static S3ProxyServer s3;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startServices() throws Exception {
        postgres = TestPostgres.start();
        s3 = S3ProxyServer.start();
    }

    @AfterAll
    static void stopServices() throws Exception {
        s3.close();
        postgres.close();
    }

    static Map<String, String> environment(String bucket) throws IOException {
        return ExternalServicesIT.environment(Files.createTempDirectory("stele-replica"), bucket, postgres, s3);
    }

    HttpResponse<String> call(SteleProcess stele, String method, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(stele.uri(path)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    void expect(SteleProcess stele, String method, String path, String json, int status) throws Exception {
        HttpResponse<String> answer = call(stele, method, path, json);
        assertThat(answer.statusCode()).as(method + " " + path + " → " + answer.body()).isEqualTo(status);
    }

    void draftWithFile(SteleProcess stele, String model, String label) throws Exception {
        expect(stele, "POST", "/api/v1/models/" + model + "/versions", "{\"version\":\"" + label + "\"}", 201);
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(stele.uri("/api/v1/models/" + model + "/versions/" + label + "/files/w.bin"))
                .header("Authorization", "Bearer " + TOKEN).PUT(HttpRequest.BodyPublishers.ofByteArray(Bytes.random(1000, label.hashCode())))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(201);
    }

    @Test
    void twoReplicasShareOneTruth() throws Exception {
        Map<String, String> env = environment("stele-it-two");
        try (SteleProcess a = SteleProcess.start(env); SteleProcess b = SteleProcess.start(env)) {
            expect(a, "POST", "/api/v1/models", "{\"namespace\":\"twin\",\"name\":\"m\",\"title\":\"Twin\",\"license\":\"MIT\"}", 201);
            String model = "twin/m";

            // A draft made on A is published on B, and A sees it published.
            draftWithFile(a, model, "1");
            expect(b, "POST", "/api/v1/models/" + model + "/versions/1/publish", null, 200);
            assertThat(call(a, "GET", "/api/v1/models/" + model + "/versions/1", null).body()).contains("\"state\":\"published\"");

            // Concurrent publishes of one draft on A and B: exactly one wins.
            draftWithFile(a, model, "2");
            CompletableFuture<HttpResponse<String>> onA = CompletableFuture.supplyAsync(() -> quietly(a, "POST", "/api/v1/models/" + model + "/versions/2/publish"));
            CompletableFuture<HttpResponse<String>> onB = CompletableFuture.supplyAsync(() -> quietly(b, "POST", "/api/v1/models/" + model + "/versions/2/publish"));
            List<Integer> statuses = List.of(onA.get().statusCode(), onB.get().statusCode());
            assertThat(statuses).containsExactlyInAnyOrder(200, 409);

            // Aliases moved concurrently from both replicas end consistent.
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Callable<Integer>> moves = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    SteleProcess replica = i % 2 == 0 ? a : b;
                    String target = i % 2 == 0 ? "1" : "2";
                    moves.add(() -> call(replica, "PUT", "/api/v1/models/" + model + "/aliases/stable", "{\"version\":\"" + target + "\"}").statusCode());
                }
                for (Future<Integer> status : pool.invokeAll(moves)) {
                    assertThat(status.get()).isEqualTo(200);
                }
            } finally {
                pool.shutdownNow();
            }
            String onAStable = call(a, "GET", "/api/v1/models/" + model + "/versions/stable", null).body();
            String onBStable = call(b, "GET", "/api/v1/models/" + model + "/versions/stable", null).body();
            assertThat(onAStable).isEqualTo(onBStable).containsPattern("\"version\":\"[12]\"");

            // Identifier minting never collides: two hundred drafts from each replica at once.
            Set<String> pids = java.util.Collections.synchronizedSet(new HashSet<>());
            ExecutorService clients = Executors.newFixedThreadPool(8);
            try {
                List<Callable<Void>> drafts = new ArrayList<>();
                for (int i = 0; i < 400; i++) {
                    SteleProcess replica = i % 2 == 0 ? a : b;
                    String label = "d" + i;
                    drafts.add(() -> {
                        HttpResponse<String> created = call(replica, "POST", "/api/v1/models/" + model + "/versions", "{\"version\":\"" + label + "\"}");
                        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                        Matcher m = PID.matcher(created.body());
                        assertThat(m.find()).isTrue();
                        pids.add(m.group(1));
                        return null;
                    });
                }
                for (Future<Void> done : clients.invokeAll(drafts)) {
                    done.get();
                }
            } finally {
                clients.shutdownNow();
            }
            assertThat(pids).hasSize(400);
        }
    }

    @Test
    void aReplicaStoppingMidUploadFinishesItFirst() throws Exception {
        Map<String, String> env = environment("stele-it-shutdown");
        byte[] bytes = Bytes.random(24 << 20, 90);
        String digest = Bytes.sha256(bytes);
        HttpResponse<String> answer;
        try (SteleProcess stele = SteleProcess.start(env)) {
            // 24 MiB sent at about 8 MiB/s, so the upload is still in flight when the replica is told to stop.
            HttpRequest slow = HttpRequest.newBuilder(stele.uri("/api/v1/blobs?digest=" + digest))
                    .header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new Throttled(bytes, 1 << 20, 125))).build();
            CompletableFuture<HttpResponse<String>> upload = http.sendAsync(slow, HttpResponse.BodyHandlers.ofString());
            Thread.sleep(1000);
            stele.terminate();
            answer = upload.get();
            assertThat(stele.awaitExit(60)).as(stele.output()).isIn(0, 143);
        }
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        try (SteleProcess again = SteleProcess.start(env)) {
            HttpResponse<byte[]> back = http.send(HttpRequest.newBuilder(again.uri("/api/v1/blobs/" + digest))
                    .header("Authorization", "Bearer " + TOKEN).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(back.body()).isEqualTo(bytes);
        }
    }

    private HttpResponse<String> quietly(SteleProcess stele, String method, String path) {
        try {
            return call(stele, method, path, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hands out bytes in chunks with a pause between them, like a slow link. */
    static final class Throttled extends InputStream {
        private final byte[] bytes;
        private final int chunk;
        private final long pauseMillis;
        private int position;
        private int sinceLastPause;

        Throttled(byte[] bytes, int chunk, long pauseMillis) {
            this.bytes = bytes;
            this.chunk = chunk;
            this.pauseMillis = pauseMillis;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int off, int len) {
            if (position >= bytes.length) {
                return -1;
            }
            if (sinceLastPause >= chunk) {
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                sinceLastPause = 0;
            }
            int n = Math.min(len, Math.min(bytes.length - position, chunk - sinceLastPause));
            System.arraycopy(bytes, position, buffer, off, n);
            position += n;
            sinceLastPause += n;
            return n;
        }
    }
}
