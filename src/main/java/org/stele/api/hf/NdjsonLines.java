package org.stele.api.hf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;

/** Lines of an NDJSON body, one at a time and each bounded, so a commit is never held whole in memory. */
final class NdjsonLines {
    private NdjsonLines() {
    }

    /** The next line without its end, null at the end of the body; a longer line than {@code max} bytes is 413. */
    static String next(InputStream in, int max) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b = in.read();
        if (b < 0) {
            return null;
        }
        while (b >= 0 && b != '\n') {
            if (line.size() >= max) {
                throw new ArchiveException(ErrorCode.BODY_TOO_LARGE, "a commit line is longer than " + max
                        + " bytes; send large files through LFS (preupload says which)");
            }
            line.write(b);
            b = in.read();
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
