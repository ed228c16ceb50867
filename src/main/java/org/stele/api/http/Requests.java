package org.stele.api.http;

import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;

/** Checks shared by request bodies. */
public final class Requests {
    private Requests() {
    }

    public static <T> T required(T body) {
        if (body == null) {
            throw new ArchiveException(ErrorCode.INVALID_REQUEST, "this request needs a JSON body");
        }
        return body;
    }
}
