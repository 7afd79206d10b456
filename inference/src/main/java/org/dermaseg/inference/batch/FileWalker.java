package org.dermaseg.inference.batch;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dermaseg.inference.io.ImageFiles;

/**
 * Lists the images of a batch in a deterministic order without holding the whole list: a
 * depth-first walk that sorts each folder's entries by name ({@link String#compareTo}, not the
 * locale) and streams them to a {@link Visitor}. Memory is one folder listing per level of depth.
 *
 * <p>Every entry gets a 0-based position in that order; {@link Shard} slices by position, so each
 * image — and each problem entry, such as an unreadable folder — lands in exactly one shard.
 *
 * <p>Rules:
 * <ul>
 *   <li>Images are files with an image extension ({@link ImageFiles}); hidden names are ignored.</li>
 *   <li>Symbolic links are followed; a link to a folder that is already being walked (a loop) is a
 *       problem entry, not an endless walk. A broken link is a problem entry.</li>
 *   <li>A folder that cannot be listed is a problem entry with the reason.</li>
 *   <li>Files named like masks or overlays of an image in the same folder ({@code X_segmentation.png},
 *       {@code X_lesion.bmp}, {@code X_overlay.png} next to {@code X.jpg}) are ground truth or earlier
 *       outputs, not inputs, and are left out silently.</li>
 *   <li>Two images whose output names collide (stems equal ignoring case, e.g. {@code a.png} and
 *       {@code a.JPG}) — the later one is a problem entry.</li>
 *   <li>{@code exclude} (the output folder when it lies inside the input) is not entered.</li>
 * </ul>
 */
public final class FileWalker {
    private final Path root;
    private final boolean recursive;
    private final Path exclude;
    private final boolean skipDerived;

    /** Receives entries in order; return false from either method to stop the walk (cancellation). */
    public interface Visitor {
        boolean image(long position, Path file, Path relative);

        boolean problem(long position, Path path, Path relative, String reason);
    }

    public FileWalker(Path root, boolean recursive, Path exclude) {
        this(root, recursive, exclude, true);
    }

    /**
     * @param skipDerived leave out masks/overlays beside their image (true for image folders; false
     *                    for a folder of predicted masks, whose names are the point)
     */
    public FileWalker(Path root, boolean recursive, Path exclude, boolean skipDerived) {
        this.root = root.toAbsolutePath().normalize();
        this.recursive = recursive;
        this.exclude = exclude == null ? null : exclude.toAbsolutePath().normalize();
        this.skipDerived = skipDerived;
    }

    public Path root() {
        return root;
    }

    /**
     * @throws IOException when the root itself cannot be listed (a fatal problem, unlike a subfolder)
     */
    public void walk(Visitor visitor) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException(root + ": not a folder");
        }
        Set<Path> ancestors = new HashSet<>();
        ancestors.add(root.toRealPath());
        List<Path> entries = list(root); // fails loudly for the root
        new Walk(visitor).folder(root, entries, ancestors);
    }

    /** Counts the entries a walk would visit (for progress totals); cheap, nothing is held. */
    public long count(Shard shard) throws IOException {
        long[] n = {0};
        walk(new Visitor() {
            @Override
            public boolean image(long position, Path file, Path relative) {
                if (shard.includes(position)) {
                    n[0]++;
                }
                return true;
            }

            @Override
            public boolean problem(long position, Path path, Path relative, String reason) {
                return image(position, path, relative);
            }
        });
        return n[0];
    }

    private static List<Path> list(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                out.add(p);
            }
        }
        out.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return out;
    }

    private final class Walk {
        private final Visitor visitor;
        private long position;

        Walk(Visitor visitor) {
            this.visitor = visitor;
        }

        /** @return false when the visitor asked to stop */
        boolean folder(Path dir, List<Path> entries, Set<Path> ancestors) {
            Map<String, String> images = imagesByLowerStem(entries);
            Map<String, String> outputNames = new HashMap<>();
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                Path rel = root.relativize(entry);
                BasicFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(entry, BasicFileAttributes.class); // follows links
                } catch (IOException e) {
                    if (Files.isSymbolicLink(entry)) {
                        if (!visitor.problem(position++, entry, rel, "broken symbolic link")) {
                            return false;
                        }
                    } else if (ImageFiles.isImageName(name)
                            && !visitor.problem(position++, entry, rel, "cannot read: " + describe(e))) {
                        return false;
                    }
                    continue;
                }
                if (attrs.isDirectory()) {
                    if (!recursive || entry.toAbsolutePath().normalize().equals(exclude)) {
                        continue;
                    }
                    if (!subfolder(entry, rel, ancestors)) {
                        return false;
                    }
                } else if (attrs.isRegularFile() && ImageFiles.isImageName(name)) {
                    if (skipDerived && isDerivedFile(name, images)) {
                        continue;
                    }
                    String stemKey = ImageFiles.stem(name).toLowerCase(Locale.ROOT);
                    String first = outputNames.putIfAbsent(stemKey, name);
                    boolean ok = first == null
                            ? visitor.image(position++, entry, rel)
                            : visitor.problem(position++, entry, rel, "output name collides with " + first
                                    + " in the same folder (same stem); rename one of them");
                    if (!ok) {
                        return false;
                    }
                }
            }
            return true;
        }

        private boolean subfolder(Path entry, Path rel, Set<Path> ancestors) {
            Path real;
            List<Path> children;
            try {
                real = entry.toRealPath();
                if (exclude != null && real.equals(exclude)) {
                    return true;
                }
                if (ancestors.contains(real)) {
                    return visitor.problem(position++, entry, rel,
                            "symbolic link loop: leads back to " + real + "; not followed");
                }
                children = list(entry);
            } catch (IOException e) {
                return visitor.problem(position++, entry, rel, "cannot read folder: " + describe(e));
            }
            ancestors.add(real);
            try {
                return folder(entry, children, ancestors);
            } finally {
                ancestors.remove(real);
            }
        }
    }

    private static Map<String, String> imagesByLowerStem(List<Path> entries) {
        Map<String, String> m = new HashMap<>();
        for (Path p : entries) {
            String name = p.getFileName().toString();
            if (ImageFiles.isImageName(name) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                m.putIfAbsent(ImageFiles.stem(name).toLowerCase(Locale.ROOT), name);
            }
        }
        return m;
    }

    /** A mask or overlay of another image in the same folder. */
    private static boolean isDerivedFile(String name, Map<String, String> imagesByLowerStem) {
        String stem = ImageFiles.stem(name);
        String base = ImageFiles.stemWithoutGtSuffix(stem);
        String lower = stem.toLowerCase(Locale.ROOT);
        String overlay = ImageFiles.stem(ImageFiles.OVERLAY_SUFFIX);
        if (base == null && lower.endsWith(overlay) && lower.length() > overlay.length()) {
            base = stem.substring(0, stem.length() - overlay.length());
        }
        return base != null && imagesByLowerStem.containsKey(base.toLowerCase(Locale.ROOT));
    }

    static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
