package org.stele.store.filesystem;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.stele.store.BlobStore;
import org.stele.store.BoundedInputStream;
import org.stele.store.NoSuchObjectException;
import org.stele.store.Pending;
import org.stele.store.StagedObject;
import org.stele.store.StorageException;
import org.stele.store.StorageUnavailableException;
import org.stele.store.StorageLayout;
import org.stele.store.StoredObject;

/**
 * Stores each key as a file under a root directory. Writes go to {@code .tmp/} first, are fsynced,
 * then renamed into place and the directory fsynced, so success means the bytes survive a crash.
 * Directories are created on demand and pruned once empty, but never while a write is placing a file in one: a rename
 * holds {@link #directories} shared from creating the target's directory to the move, a prune takes it alone or not at
 * all (an empty directory left for later is harmless).
 */
public final class FilesystemBlobStore implements BlobStore {
    private static final String TEMP_DIR = ".tmp";
    /** How long a completion waits for an append still writing the staged upload it moves. */
    private static final Duration STAGED_WAIT = Duration.ofMinutes(2);

    private final Path root;
    /** Shared by writers between creating a directory and moving a file into it; exclusive for removing directories. */
    private final ReadWriteLock directories = new ReentrantReadWriteLock();
    /** Temporary files of writes in progress in this process, which a sweep must leave alone whatever their age. */
    private final Set<Path> writing = ConcurrentHashMap.newKeySet();

    public FilesystemBlobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String driver() {
        return "filesystem";
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public void verify() throws StorageException {
        try {
            Files.createDirectories(root.resolve(TEMP_DIR));
            Path probe = Files.createTempFile(root.resolve(TEMP_DIR), "probe", null);
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new StorageException("blob directory " + root + " is not writable (" + e + ")", e);
        }
    }

    @Override
    public void check() throws StorageException {
        requireRoot();
        verify();
    }

    @Override
    public long put(String key, InputStream in) throws IOException {
        requireRoot(); // never recreate the directory of a volume that went away: its bytes would land beside it
        Path target = path(key);
        Path temp = root.resolve(TEMP_DIR).resolve(UUID.randomUUID().toString());
        writing.add(temp);
        try {
            Files.createDirectories(temp.getParent());
            long written;
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                written = WriteBehind.copy(in, out);
            }
            rename(temp, target);
            return written;
        } catch (IOException e) {
            throw classify(e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException gone) {
                // the directory went away with the volume; the sweep of .tmp removes the rest
            }
            writing.remove(temp);
        }
    }

    @Override
    public boolean appendsInPlace() {
        return true;
    }

    @Override
    public Optional<StagedObject> holdStaged(String key) throws IOException {
        requireRoot();
        Path file = path(key);
        FileChannel channel;
        directories.readLock().lock(); // no prune removes the directory before the file is in it
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw classify(e);
        } finally {
            directories.readLock().unlock();
        }
        return Optional.ofNullable(StagedFile.lock(file, channel, () -> pruneEmptyParents(file.getParent())));
    }

    /**
     * The pieces of an upload written in place are one staged file: committing truncates it to what was recorded (bytes
     * of an append that died unrecorded go) and renames it to {@code key}, once no append is writing it.
     */
    @Override
    public Optional<Pending> assemble(List<StoredObject> pieces, String key) throws IOException {
        if (pieces.isEmpty() || pieces.stream().map(StoredObject::key).distinct().count() != 1) {
            return Optional.empty();
        }
        String staged = pieces.get(0).key();
        long size = pieces.stream().mapToLong(StoredObject::size).sum();
        return Optional.of(Pending.of(size, () -> {
            try (StagedFile file = waitForStaged(staged)) {
                file.settle(size);
                move(staged, key);
            }
        }, () -> { }));
    }

    /** The staged file, once the append still writing it (a completion raced it) has finished. */
    private StagedFile waitForStaged(String key) throws IOException {
        long deadline = System.nanoTime() + STAGED_WAIT.toNanos();
        while (true) {
            if (!Files.exists(path(key))) {
                requireRoot();
                throw new NoSuchObjectException(key);
            }
            Optional<StagedObject> held = holdStaged(key);
            if (held.isPresent()) {
                return (StagedFile) held.get();
            }
            if (System.nanoTime() > deadline) {
                throw new StorageException("an append kept the staged upload " + key + " for " + STAGED_WAIT, null);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for " + key);
            }
        }
    }

    @Override
    public Optional<Long> size(String key) throws IOException {
        try {
            return Optional.of(Files.size(path(key)));
        } catch (NoSuchFileException e) {
            requireRoot();
            return Optional.empty();
        } catch (IOException e) {
            throw classify(e);
        }
    }

    @Override
    public InputStream get(String key, long offset, long length) throws IOException {
        Path file = path(key);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            requireRoot(); // a missing volume is an outage, not a missing object (which would be reported as damage)
            throw new NoSuchObjectException(key);
        } catch (IOException e) {
            throw classify(e);
        }
        channel.position(offset);
        InputStream stream = Channels.newInputStream(channel);
        long available = Math.max(0, channel.size() - offset);
        return length < 0 ? new FileRegion(stream, file, offset, available)
                : new FileRegion(new BoundedInputStream(stream, length), file, offset, Math.min(length, available));
    }

    @Override
    public void delete(String key) throws IOException {
        Path file = path(key);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw classify(e);
        }
        pruneEmptyParents(file.getParent());
    }

    @Override
    public void move(String from, String to) throws IOException {
        Path source = path(from);
        if (!Files.exists(source)) {
            requireRoot();
            throw new NoSuchObjectException(from);
        }
        try {
            rename(source, path(to));
        } catch (IOException e) {
            throw classify(e);
        }
        pruneEmptyParents(source.getParent());
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        requireRoot(); // an empty answer would tell a rebuild or a sweep that nothing is stored
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : path(prefix.substring(0, slash)); // the deepest directory the prefix names
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<StoredObject> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(start)) { // an UncheckedIOException is answered as an IOException (CheckedBlobStore)
            files.filter(Files::isRegularFile).forEach(file -> {
                String key = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                if (key.startsWith(prefix) && !key.startsWith(TEMP_DIR + "/")) {
                    try {
                        found.add(new StoredObject(key, Files.size(file), Files.getLastModifiedTime(file).toInstant()));
                    } catch (NoSuchFileException gone) {
                        // removed while listing: not part of the answer
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
        } catch (UncheckedIOException e) {
            throw classify(e.getCause());
        } catch (IOException e) {
            throw classify(e);
        }
        return found;
    }

    /**
     * Removes temporary files of writes that died with a crash or a killed client (not written to for {@code maxAge}
     * and not being written by this process), and empty directories under {@code uploads/} that were left when a prune
     * had to give way to a write.
     */
    @Override
    public long removeStaleTemporaries(Duration maxAge) throws IOException {
        long cutoff = System.currentTimeMillis() - maxAge.toMillis();
        long removed = 0;
        Path temp = root.resolve(TEMP_DIR);
        if (Files.isDirectory(temp)) {
            try (Stream<Path> files = Files.list(temp)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    removed += removeIfStale(file, cutoff);
                }
            }
        }
        pruneEmptyDirectories(root.resolve(StorageLayout.UPLOADS), cutoff);
        return removed;
    }

    private long removeIfStale(Path file, long cutoff) throws IOException {
        try {
            if (writing.contains(file) || Files.getLastModifiedTime(file).toMillis() >= cutoff) {
                return 0;
            }
            long size = Files.size(file);
            return Files.deleteIfExists(file) ? size : 0;
        } catch (NoSuchFileException e) {
            return 0; // its write finished meanwhile
        }
    }

    /** Removes the empty directories under {@code top} (deepest first) untouched since {@code cutoff}; keeps {@code top}. */
    private void pruneEmptyDirectories(Path top, long cutoff) throws IOException {
        if (!Files.isDirectory(top)) {
            return;
        }
        List<Path> dirs;
        try (Stream<Path> walk = Files.walk(top)) {
            dirs = walk.filter(Files::isDirectory).filter(dir -> !dir.equals(top)).sorted(Comparator.reverseOrder()).toList();
        }
        directories.writeLock().lock();
        try {
            for (Path dir : dirs) {
                try {
                    if (Files.getLastModifiedTime(dir).toMillis() < cutoff) {
                        Files.delete(dir);
                    }
                } catch (IOException e) { // not empty, or gone already
                }
            }
        } finally {
            directories.writeLock().unlock();
        }
    }

    /** Fails as an outage when the directory itself is gone or out of reach (an unmounted or lost volume). */
    private void requireRoot() throws StorageUnavailableException {
        if (!reachable()) {
            throw new StorageUnavailableException("blob directory " + root + " is missing or not accessible", null);
        }
    }

    private boolean reachable() {
        return Files.isDirectory(root) && Files.isReadable(root) && Files.isWritable(root) && Files.isExecutable(root);
    }

    /**
     * An I/O failure with the directory out of reach, or one a lost network or FUSE mount gives (EIO, ESTALE, ENOTCONN),
     * is an outage: retrying later may work. Anything else is a storage error.
     */
    private IOException classify(IOException e) {
        if (e instanceof StorageException || e instanceof NoSuchObjectException) {
            return e;
        }
        String reason = e instanceof java.nio.file.FileSystemException fs ? String.valueOf(fs.getReason()) : String.valueOf(e.getMessage());
        if (!reachable() || reason.contains("Input/output error") || reason.contains("Stale file handle")
                || reason.contains("Transport endpoint is not connected")) {
            return new StorageUnavailableException("blob directory " + root + " is not reachable (" + e + ")", e);
        }
        return e;
    }

    /** The file of a key; the key was checked before it came here (CheckedBlobStore), the path is checked all the same. */
    private Path path(String key) {
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new IllegalArgumentException("invalid storage key: " + key);
        }
        return file;
    }

    private void rename(Path source, Path target) throws IOException {
        directories.readLock().lock();
        try {
            Files.createDirectories(target.getParent());
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new StorageException("blob directory " + root + " does not support atomic renames", e);
        } finally {
            directories.readLock().unlock();
        }
        syncDirectory(target.getParent()); // holds the file now: no prune removes it
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * Keeps the fan-out directories from piling up empty, when no write is between creating a directory and moving a
     * file into it (removing it then would fail that write); otherwise they stay for a later prune.
     */
    private void pruneEmptyParents(Path dir) {
        if (!directories.writeLock().tryLock()) {
            return;
        }
        try {
            Path stop = root.resolve(TEMP_DIR);
            while (dir != null && dir.startsWith(root) && !dir.equals(root) && !dir.equals(stop)) {
                try {
                    Files.delete(dir);
                } catch (IOException e) { // not empty, gone already, or not ours to remove
                    return;
                }
                dir = dir.getParent();
            }
        } finally {
            directories.writeLock().unlock();
        }
    }
}
