package org.dermaseg.inference.batch;

import java.nio.file.Path;
import org.dermaseg.inference.report.ImageRecord;

/**
 * Progress of a batch. The runner serialises calls (never two at once), but they come from its
 * worker threads: a GUI must hop to its own thread. Keep implementations quick; they hold up the
 * pipeline stage that calls them.
 */
public interface BatchListener {
    BatchListener NONE = new BatchListener() {
    };

    /** Listing done; {@code total} entries of this shard will be reported (unless cancelled). */
    default void started(long total) {
    }

    /** An input finished with status ok or skipped. */
    default void fileDone(ImageRecord report) {
    }

    /** An input failed; the batch goes on. {@code report} is the row written for it. */
    default void fileFailed(Path path, String reason, ImageRecord report) {
    }

    default void finished(BatchSummary summary) {
    }
}
