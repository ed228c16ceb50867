package org.stele.archive.reading;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.stele.archive.access.Permissions;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;
import org.stele.domain.catalog.Model;

/**
 * What changed between two versions of one model: files added, removed and changed (by SHA-256), size and parameter
 * deltas, and the changes to the descriptive metadata and the model card's front matter. Both versions are named as the
 * API names them (label or alias) and must be visible to the caller, as a version's own record must.
 */
@ApplicationScoped
public class VersionComparison {
    private final Permissions permissions;

    VersionComparison(Permissions permissions) {
        this.permissions = permissions;
    }

    /**
     * @param from       the older side (whatever the caller named first)
     * @param added      files only in {@code to}; {@code removed} files only in {@code from}; {@code changed} files at the
     *                   same path with another SHA-256; all in path order
     * @param unchanged  files with the same path and SHA-256 on both sides
     * @param sizeDelta  total bytes of {@code to} minus those of {@code from}
     * @param parameterDelta parameters of {@code to} minus those of {@code from}; null unless both sides' weights say
     * @param metadata   the descriptive fields that differ (title, description, authors, license, keywords)
     * @param card       the model card front-matter keys whose values differ, in key order
     */
    public record Comparison(String namespace, String name, Side from, Side to, List<FileChange> added,
            List<FileChange> removed, List<FileChange> changed, int unchanged, long sizeDelta, Long parameterDelta,
            List<FieldChange> metadata, List<FieldChange> card) {
    }

    /** One version as compared: its files' count and total size, its parameters when its weights say. */
    public record Side(String version, String pid, String state, String manifestDigest, int files, long size,
            Long parameterCount) {
    }

    /** A file on one side or both; the side it is missing from has null size and digest. */
    public record FileChange(String path, String kind, Long fromSize, Long toSize, String fromDigest, String toDigest) {
    }

    /** A field whose value differs between the two versions (null where a side has none). */
    public record FieldChange(String field, Object from, Object to) {
    }

    @Transactional
    public Comparison compare(String namespace, String name, String from, String to) {
        if (from == null || from.isBlank() || to == null || to.isBlank()) {
            throw new ArchiveException(ErrorCode.INVALID_REQUEST, "a comparison needs two versions: ?from=<label>&to=<label>");
        }
        Model model = permissions.visible(namespace, name);
        boolean privileged = permissions.canRead(model.namespace);
        VersionRecord a = VersionRecords.of(model, VersionLookup.find(model, from, privileged));
        VersionRecord b = VersionRecords.of(model, VersionLookup.find(model, to, privileged));
        return compare(a, b);
    }

    static Comparison compare(VersionRecord a, VersionRecord b) {
        Map<String, VersionRecord.FileEntry> before = byPath(a);
        Map<String, VersionRecord.FileEntry> after = byPath(b);
        List<FileChange> added = new ArrayList<>();
        List<FileChange> removed = new ArrayList<>();
        List<FileChange> changed = new ArrayList<>();
        int unchanged = 0;
        TreeSet<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        for (String path : paths) {
            VersionRecord.FileEntry x = before.get(path);
            VersionRecord.FileEntry y = after.get(path);
            if (x == null) {
                added.add(new FileChange(path, y.kind(), null, y.size(), null, y.digest()));
            } else if (y == null) {
                removed.add(new FileChange(path, x.kind(), x.size(), null, x.digest(), null));
            } else if (!x.digest().equals(y.digest())) {
                changed.add(new FileChange(path, y.kind(), x.size(), y.size(), x.digest(), y.digest()));
            } else {
                unchanged++;
            }
        }
        Side from = side(a);
        Side to = side(b);
        Long parameterDelta = from.parameterCount() != null && to.parameterCount() != null
                ? to.parameterCount() - from.parameterCount() : null;
        List<FieldChange> metadata = new ArrayList<>();
        field(metadata, "title", a.title(), b.title());
        field(metadata, "description", a.description(), b.description());
        field(metadata, "authors", a.authors(), b.authors());
        field(metadata, "license", a.license(), b.license());
        field(metadata, "keywords", a.keywords(), b.keywords());
        Map<String, Object> cardA = card(a);
        Map<String, Object> cardB = card(b);
        TreeSet<String> keys = new TreeSet<>(cardA.keySet());
        keys.addAll(cardB.keySet());
        List<FieldChange> card = new ArrayList<>();
        keys.forEach(k -> field(card, k, cardA.get(k), cardB.get(k)));
        return new Comparison(a.namespace(), a.name(), from, to, added, removed, changed, unchanged, to.size() - from.size(),
                parameterDelta, metadata, card);
    }

    private static Map<String, VersionRecord.FileEntry> byPath(VersionRecord v) {
        Map<String, VersionRecord.FileEntry> files = new TreeMap<>();
        v.files().forEach(f -> files.put(f.path(), f));
        return files;
    }

    private static Side side(VersionRecord v) {
        long size = v.files().stream().mapToLong(VersionRecord.FileEntry::size).sum();
        return new Side(v.version(), v.pid(), v.state(), v.manifestDigest(), v.files().size(), size,
                v.facts() == null ? null : v.facts().parameterCount());
    }

    private static Map<String, Object> card(VersionRecord v) {
        return v.facts() == null || v.facts().card() == null ? Map.of() : v.facts().card();
    }

    private static void field(List<FieldChange> changes, String field, Object from, Object to) {
        if (!Objects.equals(empty(from), empty(to))) {
            changes.add(new FieldChange(field, from, to));
        }
    }

    /** An empty list or string is no value, as the record leaves it out. */
    private static Object empty(Object value) {
        return value instanceof List<?> l && l.isEmpty() || value instanceof String s && s.isEmpty() ? null : value;
    }
}
