package org.stele.api;

import jakarta.enterprise.context.ApplicationScoped;
import org.stele.archive.Tokens;

/** Who may see drafts: until accounts exist, any holder of a valid token. */
@ApplicationScoped
public class Readers {
    private final Tokens tokens;

    Readers(Tokens tokens) {
        this.tokens = tokens;
    }

    public boolean privileged(String authorization) {
        return authorization != null && tokens.authenticate(authorization).isPresent();
    }
}
