package org.stele.store.filesystem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.stele.store.StagedObject;
import org.stele.store.StorageException;

/**
 * An upload's staged file, held through an exclusive lock on it: one writer at a time in this process (the JVM refuses
 * a second lock) and in any other process sharing the directory (the OS does).
 */
final class StagedFile implements StagedObject {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Runnable removed;
    private boolean gone;

    private StagedFile(Path file, FileChannel channel, FileLock lock, Runnable removed) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.removed = removed;
    }

    /**
     * Locks {@code channel}, opened on {@code file}; null (the channel closed) while another writer holds it, or when the
     * file was removed from under the channel before the lock was had (a writer that dropped it whole).
     */
    static StagedFile lock(Path file, FileChannel channel, Runnable removed) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldHere) {
            lock = null;
        }
        if (lock == null || !Files.exists(file) || Files.size(file) != channel.size()) {
            channel.close();
            return null;
        }
        return new StagedFile(file, channel, lock, removed);
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public long write(long offset, InputStream in) throws IOException {
        long size = channel.size();
        if (size < offset) {
            throw new StorageException("the staged upload " + file + " holds " + size + " bytes, fewer than the " + offset + " recorded", null);
        }
        if (size > offset) {
            channel.truncate(offset);
        }
        channel.position(offset);
        long written = WriteBehind.copy(in, channel);
        if (offset == 0) {
            FilesystemBlobStore.syncDirectory(file.getParent()); // a new file: its name must survive a crash too
        }
        return written;
    }

    @Override
    public void truncate(long length) throws IOException {
        if (length == 0) {
            Files.deleteIfExists(file);
            gone = true;
            return;
        }
        if (channel.size() > length) {
            channel.truncate(length);
            channel.force(true);
        }
    }

    /** Truncates to {@code length} and checks the file holds exactly that, before it is moved to its address. */
    void settle(long length) throws IOException {
        truncate(length);
        if (channel.size() != length) {
            throw new StorageException("the staged upload " + file + " holds " + channel.size() + " bytes, not the " + length + " recorded", null);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
            if (gone) {
                removed.run();
            }
        }
    }
}
