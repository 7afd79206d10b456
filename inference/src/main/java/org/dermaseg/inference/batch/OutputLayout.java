package org.dermaseg.inference.batch;

import java.nio.file.Path;
import org.dermaseg.inference.io.ImageFiles;

/**
 * Where a batch writes the outputs of an input: the output folder mirrors the input's subfolders.
 * Every path is checked to stay inside the output folder, so no input name (however it was made)
 * can make the batch write elsewhere.
 */
public final class OutputLayout {
    private final Path outputDir;

    public OutputLayout(Path outputDir) {
        this.outputDir = outputDir.toAbsolutePath().normalize();
    }

    public Path outputDir() {
        return outputDir;
    }

    /** {@code OUT/<relative folder>/<stem>_segmentation.png} */
    public Path maskFor(Path relative) {
        return derived(relative, ImageFiles.MASK_SUFFIX);
    }

    /** {@code OUT/<relative folder>/<stem>_overlay.png} */
    public Path overlayFor(Path relative) {
        return derived(relative, ImageFiles.OVERLAY_SUFFIX);
    }

    /** {@code OUT/<relative folder>/<stem><suffix>}: any per-image file ({@link ImageOutput#suffix()}). */
    public Path fileFor(Path relative, String suffix) {
        return derived(relative, suffix);
    }

    private Path derived(Path relative, String suffix) {
        if (relative == null || relative.isAbsolute() || relative.getNameCount() == 0) {
            throw new IllegalArgumentException("not a relative input path: " + relative);
        }
        for (Path part : relative) {
            String s = part.toString();
            if (s.equals("..") || s.equals(".") || s.isEmpty()) {
                throw new IllegalArgumentException("input path " + relative + " contains '" + s + "'");
            }
        }
        String stem = ImageFiles.stem(relative.getFileName().toString());
        Path parent = relative.getParent();
        Path target = (parent == null ? outputDir : outputDir.resolve(parent)).resolve(stem + suffix).normalize();
        if (!target.startsWith(outputDir) || target.equals(outputDir)) {
            throw new IllegalArgumentException("output for " + relative + " would leave " + outputDir);
        }
        return target;
    }

    /** '/'-separated form of a relative path, the same on every OS (reports, sorting). */
    public static String slashed(Path relative) {
        StringBuilder sb = new StringBuilder();
        for (Path part : relative) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part);
        }
        return sb.toString();
    }
}
