package org.stele.domain;

import java.util.regex.Pattern;

/** A namespace or model name, following the Hugging Face rules for each half of a repo id. */
public final class ModelName {
    private static final int MAX_LENGTH = 96;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._-]+");

    private ModelName() {
    }

    /**
     * Returns {@code value} if it is a valid name: ASCII letters, digits, {@code - _ .}; 1 to 96
     * characters; not starting or ending with {@code -} or {@code .}; no {@code --} or {@code ..}.
     *
     * @param what what the name is, for the message, e.g. {@code "namespace"}
     * @throws ArchiveException 400 {@code invalid_name} otherwise
     */
    public static String check(String value, String what) {
        String problem = problem(value);
        if (problem != null) {
            throw new ArchiveException(ErrorCode.INVALID_NAME, "the " + what + " " + problem);
        }
        return value;
    }

    private static String problem(String value) {
        if (value == null || value.isEmpty()) {
            return "is empty";
        }
        if (value.length() > MAX_LENGTH) {
            return "is longer than " + MAX_LENGTH + " characters";
        }
        if (!ALLOWED.matcher(value).matches()) {
            return "may contain only ASCII letters, digits, '-', '_' and '.'";
        }
        if (value.startsWith("-") || value.startsWith(".") || value.endsWith("-") || value.endsWith(".")) {
            return "may not start or end with '-' or '.'";
        }
        if (value.contains("--") || value.contains("..")) {
            return "may not contain '--' or '..'";
        }
        return null;
    }
}
