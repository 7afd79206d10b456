package org.dermaseg.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The repository root and the shared fixtures in it, for the tests of every module: surefire passes the
 * root as {@code dermaseg.root}; otherwise it is found by walking up to the folder holding assets/samples.
 */
public final class RepoPaths {
    private RepoPaths() {
    }

    public static Path root() {
        String prop = System.getProperty("dermaseg.root");
        if (prop != null && Files.isDirectory(Path.of(prop, "assets"))) {
            return Path.of(prop);
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("assets/samples"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("repository root not found from " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** The shipped model: ONNX, safetensors, card, golden tensors. */
    public static Path model() {
        return root().resolve("model");
    }

    /** The ten bundled PH2 sample images. */
    public static Path sampleImages() {
        return root().resolve("assets/samples/images");
    }

    /** Their expert masks. */
    public static Path sampleMasks() {
        return root().resolve("assets/samples/masks");
    }

    /** The 37-image ISIC 2016 test split (images and masks), committed once for every module's tests. */
    public static Path isicTestSplit() {
        return root().resolve("src/test/resources/isic2016-test-split");
    }

    /** The 12 ISIC 2016 images of the engine parity tests: ISIC_1009, ISIC_1019 ... ISIC_1119 of that split. */
    public static List<Path> isicParityImages() {
        Path dir = isicTestSplit().resolve("images");
        List<Path> out = new ArrayList<>();
        for (int id = 1009; id <= 1119; id += 10) {
            out.add(dir.resolve("ISIC_" + id + ".jpg"));
        }
        return out;
    }
}
