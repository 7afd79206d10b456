package org.dermaseg.inference.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;

import org.dermaseg.inference.io.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Masks and reports must be readable by whoever may read the output folder (a colleague's account, a
 * viewer running as another user): they get the permissions of any file the user creates (0666 less the
 * umask), not the owner-only 0600 of {@code Files.createTempFile} that every output used to inherit.
 */
class OutputPermissionsTest {
    @TempDir
    Path dir;

    @Test
    void outputsHaveTheUsersDefaultPermissions() throws Exception {
        assertTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        Path probe = Files.createFile(dir.resolve("made-like-any-file"));
        Path mask = dir.resolve("x_segmentation.png");
        AtomicFiles.write(mask, new byte[] {1, 2, 3}, false);
        assertEquals(Files.getPosixFilePermissions(probe), Files.getPosixFilePermissions(mask));
        Path temp = AtomicFiles.createTemp(dir, ".report.csv.");
        assertEquals(Files.getPosixFilePermissions(probe), Files.getPosixFilePermissions(temp));
        assertTrue(temp.getFileName().toString().startsWith(".report.csv.")
                && temp.getFileName().toString().endsWith(AtomicFiles.TEMP_SUFFIX), temp.toString());
    }
}
