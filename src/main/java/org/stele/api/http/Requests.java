package org.stele.api.http;

import org.stele.domain.ArchiveException;

/** Checks shared by request bodies. */
public final class Requests {
    private Requests() {
    }

    public static <T> T required(T body) {
        if (body == null) {
            throw ArchiveException.badRequest("invalid_request", "Request body required", "this request needs a JSON body");
        }
        return body;
    }
}
