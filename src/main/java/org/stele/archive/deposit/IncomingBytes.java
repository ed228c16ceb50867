package org.stele.archive.deposit;

import java.io.IOException;
import java.io.InputStream;

/**
 * A request body not yet read: a use case opens it only once the caller may write, so a refused upload reads no
 * byte of it. The use case closes what it opened.
 */
@FunctionalInterface
public interface IncomingBytes {
    InputStream open() throws IOException;
}
