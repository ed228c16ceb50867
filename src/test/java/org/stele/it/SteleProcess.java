package org.stele.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.stele.support.S3ProxyServer;

/** The packaged service ({@code java -jar quarkus-run.jar}) run as an operator would, in its own process. */
final class SteleProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    final int port;

    private SteleProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts the service with the given environment and waits until it is ready. */
    static SteleProcess start(Map<String, String> environment, String... jvmOptions) throws Exception {
        SteleProcess stele = launch(environment, jvmOptions);
        stele.awaitReady();
        return stele;
    }

    /** Starts the service without waiting, for startups that are meant to fail. */
    static SteleProcess launch(Map<String, String> environment, String... jvmOptions) throws IOException {
        return launch(environment, List.of(), jvmOptions);
    }

    /** Runs a command of the packaged jar ({@code java -jar quarkus-run.jar <arguments>}) with the service's configuration. */
    static SteleProcess command(Map<String, String> environment, String... arguments) throws IOException {
        return launch(environment, List.of(arguments));
    }

    private static SteleProcess launch(Map<String, String> environment, List<String> arguments, String... jvmOptions)
            throws IOException {
        String jar = System.getProperty("stele.runner.jar", "target/quarkus-app/quarkus-run.jar");
        int port = S3ProxyServer.freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-jar", jar));
        command.addAll(arguments);
        Path log = Files.createTempFile("stele-it", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("STELE_") || k.startsWith("QUARKUS_"));
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        return new SteleProcess(builder.start(), log, port);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    /** Waits for the process to end by itself and answers its exit code. */
    int awaitExit(long seconds) throws Exception {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("Stele did not exit within " + seconds + " s:\n" + output());
        }
        return process.exitValue();
    }

    /**
     * Sends a JSON request with {@code token} (a GET when {@code body} is null), checks its status and answers its body.
     */
    String send(String token, String method, String path, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> answer = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != expected) {
            throw new AssertionError(method + " " + path + ": expected " + expected + ", got " + answer.statusCode() + ": "
                    + answer.body());
        }
        return answer.body();
    }

    private void awaitReady() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("Stele exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(uri("/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        close();
        throw new AssertionError("Stele was not ready within 90 s:\n" + output());
    }

    /** Asks the service to stop (SIGTERM) without waiting, as Kubernetes does at the start of a rolling update. */
    void terminate() {
        process.destroy();
    }

    /**
     * Kills the service and everything it started, and {@code others} (its database), with SIGKILL all at once, as a
     * power cut would: no shutdown hook, no checkpoint, no flush.
     */
    void kill(List<ProcessHandle> others) throws Exception {
        List<ProcessHandle> all = new ArrayList<>(others);
        all.add(process.toHandle());
        process.toHandle().descendants().forEach(all::add);
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : all) {
            handle.onExit().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Kills the JVM alone with SIGKILL, as the OOM killer would: the embedded PostgreSQL, which pg_ctl detached from
     * it, lives on as an orphan holding the data directory.
     */
    void killJvm() throws Exception {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Stops the service as an operator would (SIGTERM) and waits for it. */
    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
