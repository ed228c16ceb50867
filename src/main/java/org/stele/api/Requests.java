package org.stele.api;

import org.stele.domain.ArchiveException;

/** Checks shared by request bodies. */
final class Requests {
    private Requests() {
    }

    static <T> T required(T body) {
        if (body == null) {
            throw ArchiveException.badRequest("invalid_request", "Request body required", "this request needs a JSON body");
        }
        return body;
    }
}
