package org.stele.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What every driver gets without writing it, so that a driver keeps only transport: keys are checked before they
 * reach it (none can lead outside its directory or bucket), ranges are checked, listings come sorted by key, and an
 * I/O failure a driver let out unchecked is answered as the I/O failure it is. The producer wraps the primary and the
 * replica driver in one each; the contract suite runs against drivers wrapped the same way.
 */
public final class CheckedBlobStore implements BlobStore {
    private final BlobStore driver;

    public CheckedBlobStore(BlobStore driver) {
        this.driver = driver;
    }

    @Override
    public String driver() {
        return driver.driver();
    }

    @Override
    public String location() {
        return driver.location();
    }

    @Override
    public void verify() throws StorageException {
        driver.verify();
    }

    @Override
    public void check() throws StorageException {
        driver.check();
    }

    @Override
    public long put(String key, InputStream in) throws IOException {
        check(key);
        return io(() -> driver.put(key, in));
    }

    @Override
    public Pending prepare(String key, String staging, InputStream in) throws IOException {
        check(key);
        check(staging);
        return io(() -> driver.prepare(key, staging, in));
    }

    @Override
    public boolean appendsInPlace() {
        return driver.appendsInPlace();
    }

    @Override
    public Optional<StagedObject> holdStaged(String key) throws IOException {
        check(key);
        return io(() -> driver.holdStaged(key));
    }

    @Override
    public Optional<Pending> assemble(List<StoredObject> pieces, String key) throws IOException {
        pieces.forEach(piece -> check(piece.key()));
        check(key);
        return io(() -> driver.assemble(pieces, key));
    }

    @Override
    public Optional<Long> size(String key) throws IOException {
        check(key);
        return io(() -> driver.size(key));
    }

    @Override
    public InputStream get(String key, long offset, long length) throws IOException {
        check(key);
        if (offset < 0) {
            throw new IllegalArgumentException("a read cannot start before the object: offset " + offset);
        }
        return io(() -> driver.get(key, offset, length));
    }

    @Override
    public Optional<java.net.URI> presignedGet(String key, Duration lifetime) throws IOException {
        check(key);
        return io(() -> driver.presignedGet(key, lifetime));
    }

    @Override
    public void delete(String key) throws IOException {
        check(key);
        io(() -> {
            driver.delete(key);
            return null;
        });
    }

    @Override
    public void move(String from, String to) throws IOException {
        check(from);
        check(to);
        io(() -> {
            driver.move(from, to);
            return null;
        });
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        if (prefix == null || prefix.startsWith("/") || prefix.contains("\\")) {
            throw new IllegalArgumentException("invalid storage prefix: " + prefix);
        }
        List<StoredObject> found = new ArrayList<>(io(() -> driver.list(prefix)));
        found.sort(Comparator.comparing(StoredObject::key));
        return found;
    }

    @Override
    public long removeStaleTemporaries(Duration maxAge) throws IOException {
        return io(() -> driver.removeStaleTemporaries(maxAge));
    }

    /** A storage key is '/'-separated, relative, and has no empty, '.' or '..' segment. */
    private static String check(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/") || key.endsWith("/") || key.contains("\\")) {
            throw new IllegalArgumentException("invalid storage key: " + key);
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("invalid storage key: " + key);
            }
        }
        return key;
    }

    private interface Call<T> {
        T run() throws IOException;
    }

    private static <T> T io(Call<T> call) throws IOException {
        try {
            return call.run();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
