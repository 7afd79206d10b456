package org.dermaseg.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dermaseg.testsupport.RepoPaths;

/**
 * Runs the real fat jar ({@code app/target/dermaseg.jar}, built by the reactor before this module) as a
 * separate process, optionally as an unprivileged user or inside a private mount namespace.
 *
 * <p>Why: CI runs as root, and root ignores permission bits, so "unreadable file" and "read-only folder"
 * cannot be produced with chmod alone. As root, {@link #unprivileged} starts the CLI through
 * {@code setpriv} as user nobody (65534), for whom the bits apply; not as root, the process simply runs as
 * the current user. {@link #inTmpfs} mounts a small tmpfs (read-only or tiny) over a folder for the child
 * only, through {@code unshare}, which gives a real read-only or full file system without touching the
 * machine.
 */
final class CliProcess {
    static final int NOBODY = 65534;

    record Run(int code, String out, String err) {
        String all() {
            return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    private final List<String> prefix;
    private final Path jar;
    private final Map<String, String> env;

    private CliProcess(List<String> prefix, Path jar, Map<String, String> env) {
        this.prefix = prefix;
        this.jar = jar;
        this.env = env;
    }

    static Path builtJar() {
        Path jar = RepoPaths.root().resolve("app/target/dermaseg.jar");
        assertTrue(Files.isRegularFile(jar), jar + " missing: build it with mvn package / verify before the e2e tests");
        return jar;
    }

    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** The jar as the current user. */
    static CliProcess plain() {
        return new CliProcess(List.of(), builtJar(), Map.of());
    }

    /** The jar with extra environment variables (e.g. a locale). */
    CliProcess withEnv(Map<String, String> extra) {
        Map<String, String> e = new java.util.HashMap<>(env);
        e.putAll(extra);
        return new CliProcess(prefix, jar, e);
    }

    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /**
     * A CLI that runs without root's override of permission bits. As root: through setpriv as nobody,
     * with the jar and {@code model} copied into {@code toolDir} (a checkout under /root is not readable by
     * nobody). Otherwise the current user. Folders the child must use need {@link #openUp}.
     */
    static CliProcess unprivileged(Path toolDir, Path model) throws IOException {
        if (!isRoot()) {
            return plain();
        }
        assertTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "running as root: /usr/bin/setpriv (util-linux) is needed to drop privileges for permission tests");
        Files.createDirectories(toolDir.resolve("model"));
        Path jarCopy = toolDir.resolve("dermaseg.jar");
        Files.copy(builtJar(), jarCopy);
        try (var files = Files.list(model)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, toolDir.resolve("model").resolve(f.getFileName()));
                }
            }
        }
        openUp(toolDir);
        return new CliProcess(List.of("/usr/bin/setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"),
                jarCopy, Map.of());
    }

    /** Model directory to pass with --model to an {@link #unprivileged} CLI made from {@code toolDir}. */
    static Path modelFor(Path toolDir, Path model) {
        return isRoot() ? toolDir.resolve("model") : model;
    }

    /** rwx for everyone on {@code dir} and everything below; as root also x for others on its parents. */
    static void openUp(Path dir) throws IOException {
        try (var all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (!Files.isSymbolicLink(p)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                            Files.isDirectory(p) ? "rwxrwxrwx" : "rw-rw-rw-"));
                }
            }
        }
        if (!isRoot()) {
            return; // the child runs as this user: the parents are already reachable
        }
        for (Path p = dir.toAbsolutePath().getParent(); p != null && p.getNameCount() > 1; p = p.getParent()) {
            var perms = Files.getPosixFilePermissions(p);
            if (perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(p, perms);
            }
        }
    }

    /** Exit code of {@link #inTmpfs} when the tmpfs could not be mounted. */
    static final int MOUNT_FAILED = 97;

    /**
     * The same CLI run in a private mount namespace where {@code mountPoint} is a fresh tmpfs with the
     * given mount options (e.g. {@code ro,size=64k} or {@code size=48k}); nothing outside the child sees it.
     * When the CLI has exited, everything on the tmpfs (hidden files included) is copied to {@code copyTo}
     * so the test can inspect what was left; exit {@link #MOUNT_FAILED} means the mount itself failed.
     */
    CliProcess inTmpfs(Path mountPoint, String options, Path copyTo) {
        List<String> p = new ArrayList<>(List.of("/usr/bin/unshare", "--user", "--map-root-user", "--mount", "--",
                "/bin/sh", "-c", "opts=$1; mnt=$2; copy=$3; shift 3; "
                        + "mount -t tmpfs -o \"$opts\" dermaseg-test \"$mnt\" || exit " + MOUNT_FAILED + "; "
                        + "\"$@\"; rc=$?; cp -a \"$mnt\"/. \"$copy\"/; exit $rc",
                "sh", options, mountPoint.toString(), copyTo.toString()));
        p.addAll(prefix);
        return new CliProcess(p, jar, env);
    }

    List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(java().toString(), "-Xmx1g", "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts the CLI; standard output and error go to files beside {@code logs}. */
    Process start(Path cwd, Path logs, String... args) throws IOException {
        Files.createDirectories(logs);
        ProcessBuilder pb = new ProcessBuilder(command(args)).directory(cwd.toFile())
                .redirectOutput(logs.resolve("stdout.txt").toFile())
                .redirectError(logs.resolve("stderr.txt").toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Runs the CLI to the end (at most {@code timeoutSeconds}). */
    Run run(Path cwd, Path logs, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        Process p = start(cwd, logs, args);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("dermaseg " + String.join(" ", args) + " did not finish in " + timeoutSeconds
                    + " s; stderr:\n" + Files.readString(logs.resolve("stderr.txt"), StandardCharsets.UTF_8));
        }
        return new Run(p.exitValue(), Files.readString(logs.resolve("stdout.txt"), StandardCharsets.UTF_8),
                Files.readString(logs.resolve("stderr.txt"), StandardCharsets.UTF_8));
    }
}
