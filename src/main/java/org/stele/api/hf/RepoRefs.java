package org.stele.api.hf;

import java.util.List;
import org.stele.archive.reading.HubRevisions;

/**
 * {@code /refs}: Python reads {@code branches}, {@code converts} and {@code tags} unconditionally, so all are
 * always present. Labels are tags (immutable), {@code main}, {@code latest} and aliases branches.
 */
public record RepoRefs(List<Ref> branches, List<Ref> converts, List<Ref> tags, List<Ref> pullRequests) {

    public record Ref(String name, String ref, String targetCommit) {
    }

    static RepoRefs of(HubRevisions.Refs refs) {
        return new RepoRefs(
                refs.branches().stream().map(b -> new Ref(b.name(), "refs/heads/" + b.name(), b.commit())).toList(),
                List.of(),
                refs.tags().stream().map(t -> new Ref(t.name(), "refs/tags/" + t.name(), t.commit())).toList(),
                List.of());
    }
}
