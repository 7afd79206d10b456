import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Moves ONNX Runtime's native libraries out of a copy of the fat jar into a plain folder, so the installed
 * app loads them in place ({@code -Donnxruntime.native.path=$APPDIR/native}) instead of extracting them to a
 * temporary folder on every start (16 MB for the CPU build, several hundred MB of CUDA providers for the
 * GPU build). Entries of the other platforms are dropped.
 *
 * <p>It also stores OpenCV's native library (65 MB, {@code nu/pattern/opencv/**}) uncompressed: OpenCV's
 * loader copies it out of the jar on every start, and copying stored bytes instead of inflating them
 * saves about half a second of each CLI run and GUI start on 2 cores (the .deb is xz-compressed anyway).
 *
 * <p>Usage: {@code java MoveNatives.java JAR DEST_DIR [PLATFORM]}; JAR is edited in place (other entries
 * are copied, not recompressed); PLATFORM is ONNX Runtime's folder name (linux-x64, win-x64,
 * osx-aarch64, osx-x64), by default this machine's. Prints the files written; fails when none is.
 */
public final class MoveNatives {
    private static final String PREFIX = "ai/onnxruntime/native/";

    private MoveNatives() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: MoveNatives JAR DEST_DIR [PLATFORM]");
            System.exit(1);
        }
        Path jar = Path.of(args[0]).toAbsolutePath();
        Path dest = Path.of(args[1]);
        String platform = args.length > 2 ? args[2] : platform();
        Files.createDirectories(dest);
        List<String> moved = new ArrayList<>();
        try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            Path root = fs.getPath("/" + PREFIX);
            if (!Files.isDirectory(root)) {
                throw new IOException(jar + " holds no " + PREFIX + " (already moved?)");
            }
            List<Path> files;
            try (Stream<Path> s = Files.walk(root)) {
                files = s.filter(Files::isRegularFile).toList();
            }
            for (Path f : files) {
                String rel = root.relativize(f).toString();
                if (rel.startsWith(platform + "/")) {
                    Path target = dest.resolve(f.getFileName().toString());
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                    moved.add(target.toString());
                }
                Files.delete(f);
            }
            try (Stream<Path> s = Files.walk(root)) { // now-empty folders, deepest first
                for (Path d : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                    Files.deleteIfExists(d);
                }
            }
        }
        List<String> stored = storeUncompressed(jar, "nu/pattern/opencv/");
        if (moved.stream().noneMatch(p -> p.contains("onnxruntime4j_jni"))) {
            throw new IOException("no ONNX Runtime JNI library for " + platform + " in " + jar);
        }
        moved.forEach(System.out::println);
        stored.forEach(s -> System.out.println("stored uncompressed: " + s));
    }

    /** Rewrites the native libraries under {@code prefix} as STORED entries; returns their names. */
    static List<String> storeUncompressed(Path jar, String prefix) throws IOException {
        Map<String, byte[]> libs = new java.util.LinkedHashMap<>();
        URI uri = URI.create("jar:" + jar.toUri());
        try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
            Path root = fs.getPath("/" + prefix);
            if (!Files.isDirectory(root)) {
                return List.of();
            }
            try (Stream<Path> s = Files.walk(root)) {
                for (Path f : s.filter(Files::isRegularFile).toList()) {
                    String n = f.toString();
                    if (n.endsWith(".so") || n.endsWith(".dll") || n.endsWith(".dylib")) {
                        libs.put(n, Files.readAllBytes(f));
                        Files.delete(f);
                    }
                }
            }
        }
        try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of("noCompression", true))) {
            for (Map.Entry<String, byte[]> e : libs.entrySet()) {
                Files.write(fs.getPath(e.getKey()), e.getValue());
            }
        }
        return new ArrayList<>(libs.keySet());
    }

    /** ONNX Runtime's name for this machine's platform (see ai.onnxruntime.OnnxRuntime). */
    static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch.equals("aarch64") ? "aarch64" : arch;
        if (os.contains("win")) {
            return "win-" + a;
        } else if (os.contains("mac") || os.contains("darwin")) {
            return "osx-" + a;
        }
        return "linux-" + a;
    }
}
