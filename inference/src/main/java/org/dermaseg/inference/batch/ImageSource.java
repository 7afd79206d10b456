package org.dermaseg.inference.batch;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a batch's images come from: a folder ({@link FileWalker}) or files named one by one ({@link FileList}).
 * Positions are the sort key of the rows; an entry that cannot be an input is a {@code problem} (a failed row).
 */
public interface ImageSource {
    /** Entries a walk would visit in {@code shard} (progress totals). */
    long count(Shard shard) throws IOException;

    void walk(Visitor visitor) throws IOException;

    /** Both return false to stop the walk. */
    interface Visitor {
        /**
         * @param relative where the outputs go below the output folder (mirroring subfolders)
         * @param name     the image as the rows name it
         */
        boolean image(long position, Path file, Path relative, String name);

        boolean problem(long position, Path file, String name, String reason);
    }

    /** A folder walk; rows name images by their '/'-separated path below the folder. */
    static ImageSource folder(FileWalker walker) {
        return new ImageSource() {
            @Override
            public long count(Shard shard) throws IOException {
                return walker.count(shard);
            }

            @Override
            public void walk(Visitor v) throws IOException {
                walker.walk(new FileWalker.Visitor() {
                    @Override
                    public boolean image(long position, Path file, Path relative) {
                        return v.image(position, file, relative, OutputLayout.slashed(relative));
                    }

                    @Override
                    public boolean problem(long position, Path path, Path relative, String reason) {
                        return v.problem(position, path, OutputLayout.slashed(relative), reason);
                    }
                });
            }
        };
    }
}
