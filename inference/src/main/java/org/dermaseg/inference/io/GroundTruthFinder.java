package org.dermaseg.inference.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Finds the ground-truth mask of an image by name.
 *
 * <p>Names tried, for image stem {@code S}: {@code S_segmentation}, {@code S_lesion}, {@code S_mask},
 * {@code S_gt}, then {@code S} itself, each with any image extension; suffix and extension compare
 * case-insensitively, so do stems (dermoscopy archives travel between case-insensitive file systems).
 * Places tried, in order: the ground-truth folder's subfolder mirroring the image's relative folder,
 * the ground-truth folder itself (flat layout), then (when asked to look near the image) the image's own
 * folder (suffixed names only — the bare stem there is the image) and the mask folders commonly kept
 * beside an image folder ({@link #SIBLING_FOLDERS}, next to the image folder or next to its parent:
 * the PH2 and ISIC layouts). The image file itself is never returned. The CLI and the GUI both use this
 * class, so an image has the same ground truth in both.
 *
 * <p>Directory listings are cached per folder (a bounded LRU) so 10,000 lookups in one flat ground
 * truth folder read it once, not 10,000 times. Thread-safe.
 */
public final class GroundTruthFinder {
    private static final int CACHED_DIRECTORIES = 64;
    /** Folders beside an image folder (or beside its parent) where ground truth is commonly kept. */
    public static final List<String> SIBLING_FOLDERS = List.of("masks", "ground_truth", "groundtruth", "gt",
            "labels", "annotations");

    private final Path gtDir;
    private final boolean nextToImage;
    /** Never searched: a batch's own output folder (its masks are not ground truth), or null. */
    private final Path excluded;
    private final Map<Path, Map<String, List<Path>>> cache =
            new LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<Path, Map<String, List<Path>>> eldest) {
                    return size() > CACHED_DIRECTORIES;
                }
            };

    /**
     * @param gtDir       folder of ground-truth masks, or null
     * @param nextToImage also look beside the image for suffixed names, then in the sibling mask folders
     */
    public GroundTruthFinder(Path gtDir, boolean nextToImage) {
        this(gtDir, nextToImage, null);
    }

    /**
     * @param excluded a folder never searched, e.g. a batch's output folder when it is named {@code masks}
     *                 beside the input, or null
     */
    public GroundTruthFinder(Path gtDir, boolean nextToImage, Path excluded) {
        this.gtDir = gtDir == null ? null : gtDir.toAbsolutePath().normalize();
        this.nextToImage = nextToImage;
        this.excluded = excluded == null ? null : excluded.toAbsolutePath().normalize();
    }

    /**
     * @param image    the image file
     * @param relative the image's path relative to the batch root (its parent is mirrored under the
     *                 ground-truth folder); may be just the file name
     */
    public Optional<Path> find(Path image, Path relative) {
        String stem = ImageFiles.stem(image.getFileName().toString());
        Path self = image.toAbsolutePath().normalize();
        List<Path> places = new ArrayList<>(3);
        if (gtDir != null) {
            Path relParent = relative == null ? null : relative.getParent();
            if (relParent != null) {
                places.add(gtDir.resolve(relParent).normalize());
            }
            places.add(gtDir);
        }
        for (Path dir : places) {
            Optional<Path> hit = lookIn(dir, stem, true, self);
            if (hit.isPresent()) {
                return hit;
            }
        }
        Path own = self.getParent();
        if (!nextToImage || own == null) {
            return Optional.empty();
        }
        Optional<Path> beside = lookIn(own, stem, false, self);
        if (beside.isPresent()) {
            return beside;
        }
        for (Path dir : siblingFolders(own)) {
            if (dir.equals(excluded)) {
                continue;
            }
            Optional<Path> hit = lookIn(dir, stem, true, self);
            if (hit.isPresent()) {
                return hit;
            }
        }
        return Optional.empty();
    }

    /** The {@link #SIBLING_FOLDERS} inside and beside the image's folder, in the order searched. */
    private static List<Path> siblingFolders(Path imageFolder) {
        List<Path> out = new ArrayList<>();
        for (String name : SIBLING_FOLDERS) {
            out.add(imageFolder.resolve(name).normalize());
            if (imageFolder.getParent() != null) {
                out.add(imageFolder.getParent().resolve(name).normalize());
            }
        }
        return out;
    }

    private Optional<Path> lookIn(Path dir, String stem, boolean bareStemToo, Path self) {
        Map<String, List<Path>> byStem = index(dir);
        String key = stem.toLowerCase(Locale.ROOT);
        for (String suffix : ImageFiles.GT_SUFFIXES) {
            Optional<Path> hit = first(byStem.get(key + suffix), self);
            if (hit.isPresent()) {
                return hit;
            }
        }
        return bareStemToo ? first(byStem.get(key), self) : Optional.empty();
    }

    private static Optional<Path> first(List<Path> candidates, Path self) {
        if (candidates == null) {
            return Optional.empty();
        }
        for (Path p : candidates) {
            if (!p.equals(self)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** lower-case stem -> image files with that stem, sorted by name for a deterministic pick. */
    private Map<String, List<Path>> index(Path dir) {
        synchronized (cache) {
            Map<String, List<Path>> known = cache.get(dir);
            if (known != null) {
                return known;
            }
        }
        Map<String, List<Path>> byStem = new TreeMap<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    String name = p.getFileName().toString();
                    if (ImageFiles.isImageName(name) && !Files.isDirectory(p)) {
                        byStem.computeIfAbsent(ImageFiles.stem(name).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                                .add(p.toAbsolutePath().normalize());
                    }
                }
            } catch (IOException e) {
                // an unreadable folder holds no ground truth we can use; the image is scored without
                byStem.clear();
            }
        }
        for (List<Path> l : byStem.values()) {
            l.sort(null);
        }
        Map<String, List<Path>> frozen = Collections.unmodifiableMap(byStem);
        synchronized (cache) {
            cache.put(dir, frozen);
        }
        return frozen;
    }
}
