package org.stele.store;

import java.io.FileNotFoundException;

/** The key names no object. */
public class NoSuchObjectException extends FileNotFoundException {
    public NoSuchObjectException(String key) {
        super(key);
    }
}
