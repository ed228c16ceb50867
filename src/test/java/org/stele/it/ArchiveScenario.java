package org.stele.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.stele.support.Bytes;

/**
 * The checks run against a packaged Stele before and after a restart: stored bytes survive, and an upload
 * session begun before the restart (or on another replica) is continued and completed.
 */
final class ArchiveScenario {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String auth;
    final byte[] blob = Bytes.random((1 << 20) + 17, 77);
    final byte[] large = Bytes.random((6 << 20) + 3, 78);
    private String session;
    private String versionPid;

    ArchiveScenario(String token) {
        this.auth = "Bearer " + token;
    }

    void storeBlobAndBeginSession(SteleProcess stele) throws Exception {
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(stele.uri("/api/v1/blobs"))
                .header("Authorization", auth).POST(HttpRequest.BodyPublishers.ofByteArray(blob)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        HttpResponse<String> open = http.send(HttpRequest.newBuilder(stele.uri("/api/v1/uploads"))
                .header("Authorization", auth).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(open.statusCode()).isEqualTo(201);
        session = open.headers().firstValue("Location").orElseThrow();
        appendChunk(stele, 0, 4 << 20);
    }

    /** Deposits and publishes a model version whose file is the stored blob, attached by digest. */
    void depositAndPublish(SteleProcess stele) throws Exception {
        send(stele, "POST", "/api/v1/models", "{\"namespace\":\"it-lab\",\"name\":\"restart-model\",\"title\":\"Restart\",\"license\":\"MIT\"}", 201);
        String draft = send(stele, "POST", "/api/v1/models/it-lab/restart-model/versions", "{\"version\":\"1.0.0\"}", 201);
        versionPid = draft.replaceAll("(?s).*\"pid\":\"([^\"]+)\".*", "$1");
        send(stele, "POST", "/api/v1/models/it-lab/restart-model/versions/1.0.0/files",
                "{\"path\":\"model.safetensors\",\"digest\":\"" + Bytes.sha256(blob) + "\"}", 201);
        send(stele, "POST", "/api/v1/models/it-lab/restart-model/versions/1.0.0/publish", "", 200);
    }

    /** After a restart: the identifier still resolves to the published record, and its file downloads. */
    void checkPublished(SteleProcess stele) throws Exception {
        HttpResponse<String> record = http.send(HttpRequest.newBuilder(stele.uri("/pid/" + versionPid))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(record.statusCode()).as(record.body()).isEqualTo(200);
        assertThat(record.body()).contains("\"state\":\"published\"").contains(Bytes.sha256(blob));
        HttpResponse<byte[]> file = http.send(HttpRequest.newBuilder(
                stele.uri("/api/v1/models/it-lab/restart-model/versions/latest/files/model.safetensors")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(file.body()).isEqualTo(blob);
    }

    private String send(SteleProcess stele, String method, String path, String json, int expected) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(stele.uri(path)).header("Authorization", auth)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.body()).isEqualTo(expected);
        return answer.body();
    }

    void appendChunk(SteleProcess stele, int from, int to) throws Exception {
        HttpResponse<String> patch = http.send(HttpRequest.newBuilder(stele.uri(session))
                .header("Authorization", auth)
                .header("Content-Range", "bytes " + from + "-" + (to - 1) + "/*")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(large, from, to))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(patch.statusCode()).as(patch.body()).isEqualTo(204);
        assertThat(patch.headers().firstValue("Upload-Offset")).hasValue(Integer.toString(to));
    }

    void checkBlobAndFinishSession(SteleProcess stele) throws Exception {
        assertThat(get(stele, Bytes.sha256(blob))).isEqualTo(blob);
        HttpResponse<Void> head = http.send(HttpRequest.newBuilder(stele.uri(session)).header("Authorization", auth)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(head.headers().firstValue("Upload-Offset")).hasValue(Integer.toString(4 << 20));
        appendChunk(stele, 4 << 20, large.length);
        HttpResponse<String> done = http.send(HttpRequest.newBuilder(stele.uri(session + "?digest=" + Bytes.sha256(large)))
                .header("Authorization", auth).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(done.statusCode()).as(done.body()).isEqualTo(201);
        assertThat(get(stele, Bytes.sha256(large))).isEqualTo(large);
    }

    byte[] get(SteleProcess stele, String digest) throws Exception {
        // Bytes no version holds are their uploader's: read as him.
        HttpResponse<byte[]> get = http.send(HttpRequest.newBuilder(stele.uri("/api/v1/blobs/" + digest)).header("Authorization", auth).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(get.statusCode()).isEqualTo(200);
        return get.body();
    }
}
