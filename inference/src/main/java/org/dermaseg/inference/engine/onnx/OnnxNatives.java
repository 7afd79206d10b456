package org.dermaseg.inference.engine.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where ONNX Runtime's native libraries come from, and which ones the process has actually mapped, so that
 * {@code info} can say whether the bundled CPU build, the {@code -Pgpu} CUDA 12 build, or a CUDA 13 folder
 * named by {@code -Donnxruntime.native.path=DIR} is in use (docs/gpu.md).
 */
public final class OnnxNatives {
    /** ONNX Runtime's own property: load every native library from this folder instead of the jar. */
    public static final String NATIVE_PATH_PROPERTY = "onnxruntime.native.path";

    /** The libraries worth naming: ONNX Runtime's own, its JNI, and the CUDA/cuDNN ones its provider pulls in. */
    private static final Pattern INTERESTING =
            Pattern.compile("lib(onnxruntime[^/]*|cudart|cublas|cublasLt|cudnn|cufft|cuda)\\.so[^/]*");

    private OnnxNatives() {
    }

    /** e.g. "folder /opt/ort (-Donnxruntime.native.path)" or "bundled in the jar". */
    public static String source() {
        String dir = System.getProperty(NATIVE_PATH_PROPERTY);
        if (dir != null && !dir.isBlank()) {
            return "folder " + dir + " (-D" + NATIVE_PATH_PROPERTY + ")";
        }
        return "bundled in the jar";
    }

    /** Problems with the folder named by the property before ONNX Runtime tries it; null when none or unset. */
    public static String folderProblem() {
        String dir = System.getProperty(NATIVE_PATH_PROPERTY);
        if (dir == null || dir.isBlank()) {
            return null;
        }
        Path d = Path.of(dir);
        if (!Files.isDirectory(d)) {
            return "-D" + NATIVE_PATH_PROPERTY + "=" + dir + " is not a folder";
        }
        List<String> missing = new ArrayList<>();
        for (String lib : List.of("libonnxruntime.so", "libonnxruntime4j_jni.so")) {
            if (System.getProperty("os.name", "").startsWith("Linux") && !Files.exists(d.resolve(lib))) {
                missing.add(lib);
            }
        }
        return missing.isEmpty() ? null : "-D" + NATIVE_PATH_PROPERTY + "=" + dir + " lacks " + String.join(", ", missing);
    }

    /**
     * Native files of ONNX Runtime and CUDA mapped into this process right now (Linux: /proc/self/maps), in
     * the order first mapped; empty elsewhere or before ONNX Runtime loaded.
     */
    public static List<String> loadedLibraries() {
        Path maps = Path.of("/proc/self/maps");
        Set<String> out = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(maps)) {
                int slash = line.indexOf('/');
                if (slash < 0) {
                    continue;
                }
                String path = line.substring(slash).trim();
                String name = path.substring(path.lastIndexOf('/') + 1);
                if (INTERESTING.matcher(name).matches()) {
                    out.add(path);
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return new ArrayList<>(out);
    }

    /** The CUDA runtime, cuBLAS and cuDNN libraries a CUDA provider needs, as found on LD_LIBRARY_PATH. */
    private static final Pattern CUDA_LIBS = Pattern.compile("lib(cudart|cublas|cublasLt|cudnn|cufft)\\.so\\.\\d+");

    /** e.g. "NVRM version: NVIDIA UNIX x86_64 Kernel Module 580.95.05 ..." or null without the NVIDIA driver. */
    public static String nvidiaDriver() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/driver/nvidia/version"));
            return lines.isEmpty() ? null : lines.get(0).trim();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * What the machine offers a CUDA provider: the NVIDIA driver and the CUDA libraries in the folders of
     * LD_LIBRARY_PATH, in one line for a "why not CUDA" message.
     */
    public static String cudaEnvironment() {
        String driver = nvidiaDriver();
        Set<String> found = new java.util.TreeSet<>();
        String ldPath = System.getenv("LD_LIBRARY_PATH");
        if (ldPath != null) {
            for (String dir : ldPath.split(":")) {
                if (dir.isBlank()) {
                    continue;
                }
                try (var files = Files.list(Path.of(dir))) {
                    files.map(f -> f.getFileName().toString()).filter(n -> CUDA_LIBS.matcher(n).matches())
                            .forEach(found::add);
                } catch (IOException | RuntimeException e) {
                    // a missing folder on the path is not our problem to report
                }
            }
        }
        return "NVIDIA driver: " + (driver == null ? "none (no /proc/driver/nvidia/version)" : driver)
                + "; CUDA libraries on LD_LIBRARY_PATH: " + (found.isEmpty() ? "none" : String.join(", ", found));
    }

    /** What to do about a missing or failing CUDA provider, appended to the reason. */
    static String cudaHint() {
        return "; CUDA needs ONNX Runtime's GPU natives: the -Pgpu build (CUDA 12) or a CUDA 13 folder given with -D"
                + NATIVE_PATH_PROPERTY + "=DIR and its CUDA libraries on LD_LIBRARY_PATH (docs/gpu.md)";
    }
}
