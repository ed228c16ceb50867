package org.stele.api.hf;

import java.util.List;
import org.stele.archive.reading.HubRevisions;

/** One entry of {@code /commits/{rev}}: a released version. Its text never changes, withdrawn or not. */
public record CommitEntry(String id, String title, String message, List<Author> authors, String date) {

    /** Who made the commit: the model's namespace (depositors are not recorded per version). */
    public record Author(String user) {
    }

    static CommitEntry of(HubRevisions.Revision revision) {
        return new CommitEntry(revision.commit(), title(revision),
                "Version " + revision.label() + " of " + revision.namespace() + "/" + revision.name() + ", identifier " + revision.pid(),
                List.of(new Author(revision.namespace())), HubDates.format(revision.publishedAt()));
    }

    static String title(HubRevisions.Revision revision) {
        return "Publish version " + revision.label();
    }
}
