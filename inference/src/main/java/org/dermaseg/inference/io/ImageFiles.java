package org.dermaseg.inference.io;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** File-name rules shared by the batch: which names are images, stems, and output names. */
public final class ImageFiles {
    /** Extensions the image loader decodes (compared lower-case). */
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "jpe", "bmp", "tif", "tiff");
    /** Suffixes that mark a ground-truth mask of the image with the bare stem (ISIC, PH2 and common habits). */
    public static final List<String> GT_SUFFIXES = List.of("_segmentation", "_lesion", "_mask", "_gt");
    /** Suffix of the masks the batch writes (ISIC convention). */
    public static final String MASK_SUFFIX = "_segmentation.png";
    public static final String OVERLAY_SUFFIX = "_overlay.png";

    private ImageFiles() {
    }

    public static boolean isImage(Path file) {
        return isImageName(file.getFileName().toString());
    }

    public static boolean isImageName(String name) {
        if (name.startsWith(".")) {
            return false; // hidden files, and AtomicFiles' temporaries
        }
        String ext = extension(name);
        return ext != null && IMAGE_EXTENSIONS.contains(ext.toLowerCase(Locale.ROOT));
    }

    /** Extension without the dot, or null. */
    public static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 || dot == name.length() - 1 ? null : name.substring(dot + 1);
    }

    public static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name : name.substring(0, dot);
    }

    /**
     * The bare stem when {@code stem} ends with a ground-truth suffix (case-insensitive), else null.
     * {@code "ISIC_001_segmentation"} -&gt; {@code "ISIC_001"}.
     */
    public static String stemWithoutGtSuffix(String stem) {
        String lower = stem.toLowerCase(Locale.ROOT);
        for (String suffix : GT_SUFFIXES) {
            if (lower.endsWith(suffix) && lower.length() > suffix.length()) {
                return stem.substring(0, stem.length() - suffix.length());
            }
        }
        return null;
    }
}
