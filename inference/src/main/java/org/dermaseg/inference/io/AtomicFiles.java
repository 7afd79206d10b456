package org.dermaseg.inference.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that a reader (or a later {@code --resume}) sees either the complete new file or
 * nothing: the bytes go to a hidden temporary file in the target's directory (same file system, so
 * the final rename is atomic), which is then renamed onto the target. The temporary file is deleted
 * when anything fails.
 *
 * <p>No {@code fsync}: after a power cut a renamed file may be empty or truncated on some file
 * systems; {@code --resume} therefore re-checks outputs ({@link PngCheck}) instead of trusting names.
 */
public final class AtomicFiles {
    /** Suffix of temporary files, so leftovers of a killed process are recognisable. */
    public static final String TEMP_SUFFIX = ".dermaseg-tmp";
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private AtomicFiles() {
    }

    /** Produces a file's content. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path target, byte[] bytes, boolean overwrite) throws IOException {
        write(target, overwrite, out -> out.write(bytes));
    }

    /**
     * @param overwrite false: fail with {@link FileAlreadyExistsException} when the target exists,
     *                  checked again at the final rename so a concurrent writer is not clobbered
     * @throws FileAlreadyExistsException the target exists and {@code overwrite} is false
     */
    public static void write(Path target, boolean overwrite, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        if (!overwrite && Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(abs.toString(), null, "exists");
        }
        Files.createDirectories(dir);
        Path temp = createTemp(dir, "." + abs.getFileName() + ".");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                writer.writeTo(out);
            }
            if (overwrite) {
                moveReplacing(temp, abs);
            } else {
                moveIfAbsent(temp, abs);
            }
        } finally {
            Files.deleteIfExists(temp); // no-op after a successful rename
        }
    }

    /**
     * Creates a new empty hidden file {@code prefix<random>.dermaseg-tmp} in {@code dir}. Unlike
     * {@link Files#createTempFile}, which makes owner-only (0600) files, the file gets the permissions of
     * any file the user creates (0666 less the umask), so outputs renamed from it are readable by whoever
     * may read the output folder.
     */
    public static Path createTemp(Path dir, String prefix) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path p = dir.resolve(prefix + Long.toUnsignedString(RANDOM.nextLong(), 36) + TEMP_SUFFIX);
            try {
                return Files.createFile(p); // O_CREAT | O_EXCL: never an existing file
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    private static void moveReplacing(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // same directory, so only exotic file systems get here; a plain replace is the best left
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * rename(2) replaces silently, so "never overwrite" uses a hard link, which fails atomically when
     * the name is taken. File systems without hard links fall back to check-then-rename (a narrow race
     * only against another writer of the same name).
     */
    private static void moveIfAbsent(Path temp, Path target) throws IOException {
        try {
            Files.createLink(target, temp);
            return; // the finally block of write() removes the temp name
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(target.toString(), null, "exists");
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (e instanceof FileSystemException && Files.exists(target)) {
                throw new FileAlreadyExistsException(target.toString(), null, "exists");
            }
        }
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString(), null, "exists");
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target);
        }
    }
}
