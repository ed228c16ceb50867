package org.stele.archive.distribution;

import java.util.List;
import java.util.regex.Pattern;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;

/**
 * The OCI names of a model's versions: every version label that is a valid OCI tag, plus {@code latest} (the newest
 * published version). Labels may contain {@code +}, which tags may not; such versions, and identifiers (which contain
 * {@code /}), are pulled by manifest digest. Aliases are mutable pointers and are not tags.
 */
public final class OciTags {
    public static final String LATEST = "latest";
    /** The most tags one page lists, whatever {@code n} asks for. */
    public static final int MAX_PAGE = 1000;

    private static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");
    private static final Pattern NAME_COMPONENT = Pattern.compile("[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*");

    private OciTags() {
    }

    public static boolean isTag(String value) {
        return value != null && TAG.matcher(value).matches();
    }

    /**
     * What an OCI client pulls a version by, {@code ns/name:label} with the repository in lower case; empty when the
     * name is no valid OCI repository name or the label no tag (such a version is pulled by its OCI manifest digest).
     */
    public static java.util.Optional<String> reference(String namespace, String name, String label) {
        String repository = (namespace + "/" + name).toLowerCase(java.util.Locale.ROOT);
        boolean valid = isTag(label) && java.util.Arrays.stream(repository.split("/"))
                .allMatch(c -> c.length() <= 128 && NAME_COMPONENT.matcher(c).matches());
        return valid ? java.util.Optional.of(repository + ":" + label) : java.util.Optional.empty();
    }

    /** A tag as a reference names it: 400 {@code invalid_version} when it is not a tag. */
    public static String requireTag(String value) {
        if (!isTag(value)) {
            throw new ArchiveException(ErrorCode.INVALID_VERSION, "'" + shown(value) + "' is neither a digest nor a tag "
                    + "(1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-')");
        }
        return value;
    }

    /**
     * One component of a repository name as OCI spells it: lower case, so a model whose name has capitals is pulled by
     * its lower-cased name. 400 {@code invalid_name} otherwise.
     */
    public static String requireNameComponent(String value) {
        if (value == null || value.length() > 128 || !NAME_COMPONENT.matcher(value).matches()) {
            throw new ArchiveException(ErrorCode.INVALID_NAME, "'" + shown(value) + "' is not a repository name component "
                    + "(lower-case letters and digits, separated by '.', '_', '__' or '-')");
        }
        return value;
    }

    /** A page of tags as {@code tags/list?n=&last=} asks: sorted, strictly after {@code last}, at most {@code n}. */
    public record Page(List<String> tags, boolean more) {
    }

    /**
     * The page of {@code sorted} tags after {@code last} (any string: tags are compared lexically), {@code n} of them at
     * most ({@link #MAX_PAGE} when absent or larger).
     *
     * @throws ArchiveException 400 {@code invalid_limit} for an {@code n} that is not a count; 400 {@code invalid_cursor}
     *                          for a {@code last} that could not be a tag
     */
    public static Page page(List<String> sorted, String n, String last) {
        int limit = MAX_PAGE;
        if (n != null) {
            if (!n.matches("\\d{1,19}")) {
                throw new ArchiveException(ErrorCode.INVALID_LIMIT, "n must be a count of tags, not '" + shown(n) + "'");
            }
            limit = n.length() > 9 ? MAX_PAGE : Math.min(Integer.parseInt(n), MAX_PAGE);
        }
        if (last != null && !isTag(last)) {
            throw new ArchiveException(ErrorCode.INVALID_CURSOR, "last must be a tag, not '" + shown(last) + "'");
        }
        List<String> after = last == null ? sorted : sorted.stream().filter(t -> t.compareTo(last) > 0).toList();
        return new Page(after.subList(0, Math.min(limit, after.size())), limit > 0 && after.size() > limit);
    }

    private static String shown(String value) {
        if (value == null) {
            return "";
        }
        return value.length() > 100 ? value.substring(0, 100) + "…" : value;
    }
}
