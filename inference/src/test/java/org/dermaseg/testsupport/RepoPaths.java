package org.dermaseg.inference.image;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root: surefire passes it as {@code dermaseg.root}; otherwise walk up to the reactor pom. */
public final class TestPaths {
    private TestPaths() {
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
}
