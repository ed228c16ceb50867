package org.stele.archive.harvesting;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The sets records are grouped in: {@code namespace} (every record) and below it one set per namespace,
 * {@code namespace:<name>}, holding the records of that namespace's public models.
 */
public final class HarvestSet {
    /** The parent set: every record is in some namespace. */
    public static final String NAMESPACES = "namespace";
    /** OAI-PMH's setSpec syntax: unreserved URI characters, colons separating levels. */
    private static final Pattern SPEC = Pattern.compile("[A-Za-z0-9\\-_.!~*'()]+(:[A-Za-z0-9\\-_.!~*'()]+)*");

    private HarvestSet() {
    }

    /** The setSpec of a namespace. */
    public static String of(String namespace) {
        return NAMESPACES + ":" + namespace;
    }

    /** Whether {@code spec} is a setSpec at all (else a harvester's request is malformed). */
    public static boolean wellFormed(String spec) {
        return spec != null && spec.length() <= 200 && SPEC.matcher(spec).matches();
    }

    /** Whether this repository has the set: the parent or a namespace's (which may hold no record). */
    static boolean known(String spec) {
        return spec.equals(NAMESPACES) || namespaceOf(spec) != null;
    }

    /** The namespace a namespace set selects, lowercased; null for the parent set or a set this repository lacks. */
    static String namespaceOf(String spec) {
        String prefix = NAMESPACES + ":";
        if (spec.startsWith(prefix) && spec.length() > prefix.length() && spec.indexOf(':', prefix.length()) < 0) {
            return spec.substring(prefix.length()).toLowerCase(Locale.ROOT);
        }
        return null;
    }
}
