package org.stele.api.hf;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.stele.archive.reading.HubRevisions;

/** The files of a revision as a git-like tree: directories implied by paths, listed flat or recursively. */
final class RepoTree {
    private final HubRevisions.Snapshot snapshot;
    private final Map<String, HubRevisions.HubFile> files = new LinkedHashMap<>();
    private final Map<String, String> directoryOids = new TreeMap<>();

    RepoTree(HubRevisions.Snapshot snapshot) {
        this.snapshot = snapshot;
        // Java's order, not the database collation's, so directory oids are the same on every installation.
        snapshot.files().stream().sorted(Comparator.comparing(HubRevisions.HubFile::path)).forEach(f -> files.put(f.path(), f));
        hashDirectories();
    }

    boolean contains(String path) {
        return files.containsKey(path) || directoryOids.containsKey(path);
    }

    /**
     * The entries in directory {@code dir} ("" for the root), or everything under it when recursive; a file's
     * path lists that file. Paths are always relative to the repository root.
     */
    List<TreeEntry> list(String dir, boolean recursive, boolean expand) {
        if (files.containsKey(dir)) {
            return List.of(entry(dir, expand).orElseThrow());
        }
        String prefix = dir.isEmpty() ? "" : dir + "/";
        List<String> paths = new ArrayList<>();
        for (String path : directoryOids.keySet()) {
            if (path.startsWith(prefix) && (recursive || path.indexOf('/', prefix.length()) < 0)) {
                paths.add(path);
            }
        }
        for (String path : files.keySet()) {
            if (path.startsWith(prefix) && (recursive || path.indexOf('/', prefix.length()) < 0)) {
                paths.add(path);
            }
        }
        paths.sort(Comparator.naturalOrder());
        return paths.stream().map(p -> entry(p, expand).orElseThrow()).toList();
    }

    Optional<TreeEntry> entry(String path, boolean expand) {
        TreeEntry.LastCommit lastCommit = expand ? TreeEntry.lastCommit(snapshot.revision()) : null;
        if (files.containsKey(path)) {
            return Optional.of(TreeEntry.file(files.get(path), lastCommit));
        }
        return Optional.ofNullable(directoryOids.get(path)).map(oid -> TreeEntry.directory(path, oid, lastCommit));
    }

    /**
     * A directory's oid is a SHA-1 over the paths (relative to it) and SHA-256 of every file below it: stable
     * forever, and the same in two versions whose directory holds the same content.
     */
    private void hashDirectories() {
        Map<String, MessageDigest> digests = new TreeMap<>();
        for (HubRevisions.HubFile file : files.values()) {
            String path = file.path();
            for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
                String dir = path.substring(0, slash);
                String line = path.substring(slash + 1) + " " + file.digest().hex() + "\n";
                digests.computeIfAbsent(dir, d -> sha1()).update(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        digests.forEach((dir, digest) -> directoryOids.put(dir, HexFormat.of().formatHex(digest.digest())));
    }

    private static MessageDigest sha1() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-1");
            digest.update("stele-tree\0".getBytes(StandardCharsets.US_ASCII));
            return digest;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }
}
