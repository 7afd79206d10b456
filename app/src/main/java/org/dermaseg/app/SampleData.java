package org.dermaseg.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.dermaseg.inference.io.ImageFiles;

/**
 * Finds the bundled samples ({@code assets/samples/images} and {@code assets/samples/masks}): property
 * {@code dermaseg.samples.dir}, next to the jar ({@code ../assets/samples}, {@code ../../assets/samples}
 * for {@code app/target/dermaseg.jar} in a checkout), then the working directory. Used by the {@code samples}
 * and {@code bench} commands and by the window's File > Open Sample Images.
 */
public final class SampleData {
    public static final String DIR_PROPERTY = "dermaseg.samples.dir";

    private SampleData() {
    }

    public static List<Path> searchPath() {
        Set<Path> dirs = new LinkedHashSet<>();
        String prop = System.getProperty(DIR_PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return List.of(Path.of(prop));
        }
        try {
            Path code = Path.of(SampleData.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = Files.isDirectory(code) ? code : code.getParent();
            dirs.add(dir.resolve("../assets/samples").normalize());
            dirs.add(dir.resolve("../../assets/samples").normalize());
            dirs.add(dir.resolve("../../../assets/samples").normalize()); // app/target/classes in a checkout
        } catch (Exception e) {
            // unknown code location: the working directory is still tried
        }
        dirs.add(Path.of("assets/samples").toAbsolutePath().normalize());
        return new ArrayList<>(dirs);
    }

    /** The samples folder holding {@code images/} (and {@code masks/}), if one of {@link #searchPath()} has it. */
    public static Optional<Path> find() {
        return searchPath().stream().filter(p -> Files.isDirectory(p.resolve("images"))).findFirst();
    }

    /** Image files directly in {@code dir}, sorted by name. */
    public static List<Path> images(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(ImageFiles::isImage).sorted().toList();
        }
    }
}
