package org.stele.store;

/** Checks storage keys, so no driver can be led outside its root by a key. */
final class Keys {
    private Keys() {
    }

    static String check(String key) {
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
}
