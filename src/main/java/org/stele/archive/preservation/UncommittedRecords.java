package org.stele.archive.preservation;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.jboss.logging.Logger;

/**
 * Record documents that no committed write made, removed once at start: a crash (kill -9, a container killed) during
 * a publish leaves the record written before its commit, and the dead process never removed it. Without this a
 * restarted archive would show, and a rebuild would trust, a record of a version the catalog keeps as a draft until
 * the next fixity pass. A publish in flight on another replica is safe: its writer holds the document's lock until
 * it commits, and a committed document is never removed.
 */
@ApplicationScoped
public class UncommittedRecords {
    private static final Logger LOG = Logger.getLogger(UncommittedRecords.class);

    private final RecordAudit records;

    UncommittedRecords(RecordAudit records) {
        this.records = records;
    }

    /** In the background, so a large archive starts answering while its records are listed. */
    public void atStart() {
        Thread thread = new Thread(this::removeLogged, "uncommitted-records-at-start");
        thread.setDaemon(true);
        thread.start();
    }

    /** Removes them now; answers how many went. */
    public int remove() throws IOException {
        return records.removeUncommitted();
    }

    private void removeLogged() {
        try {
            int removed = remove();
            if (removed > 0) {
                LOG.infof("removed %d record documents that no committed write made (left by a crash)", removed);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("could not look for record documents left by a crash; the next fixity pass will: %s", e.getMessage());
        }
    }
}
