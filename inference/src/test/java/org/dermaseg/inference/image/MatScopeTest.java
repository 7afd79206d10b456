package org.dermaseg.inference.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.dermaseg.testsupport.RepoPaths;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;

class MatScopeTest {
    @Test
    void closeReleasesEveryMatTakenEvenWhenTheWorkThrows() {
        List<Mat> taken = new ArrayList<>();
        try (MatScope mats = new MatScope()) {
            taken.add(mats.add(new Mat(30, 20, CvType.CV_32FC3)));
            taken.add(mats.add(new MatOfByte(new byte[] {1, 2, 3})));
            Mat whole = mats.add(new Mat(10, 10, CvType.CV_8UC1));
            taken.add(whole);
            taken.addAll(mats.addAll(List.of(whole.submat(0, 5, 0, 5))));
            for (Mat m : taken) {
                assertFalse(m.empty(), "allocated before close");
            }
            throw new IllegalStateException("work failed");
        } catch (IllegalStateException expected) {
            assertEquals("work failed", expected.getMessage());
        }
        assertEquals(4, taken.size());
        for (Mat m : taken) {
            assertTrue(m.empty(), "released by close: " + m);
        }
    }

    /**
     * The rule that keeps the native heap whole (MatScope's javadoc): product code takes every Mat it creates into
     * a MatScope and never releases one itself, because a release as a Mat's last use lets the finalizer delete
     * the native Mat while the release still runs.
     */
    @Test
    void productCodeCreatesMatsOnlyInsideAScopeAndNeverReleasesThemItself() throws IOException {
        Scan scan = new Scan();
        for (String module : List.of("inference", "app")) {
            scan.tree(RepoPaths.root().resolve(module).resolve("src/main/java"));
        }
        assertEquals(List.of(), scan.offences);
        assertTrue(scan.scoped >= 20, "the scan saw the product's Mats (" + scan.scoped + " scoped creations)");
    }

    /**
     * The same rule for the tests of every module: a test JVM whose native heap is corrupted aborts later, in
     * some other test, so the tests' own Mats are owned by a MatScope just like the product's.
     */
    @Test
    void testCodeCreatesMatsOnlyInsideAScopeAndNeverReleasesThemItself() throws IOException {
        Scan scan = new Scan();
        // the inference, app and end-to-end (module src/test, sources in src/test/java) test trees
        for (String tree : List.of("inference/src/test/java", "app/src/test/java", "src/test/java")) {
            int before = scan.scoped;
            scan.tree(RepoPaths.root().resolve(tree));
            assertTrue(scan.scoped > before, "the scan saw the Mats of " + tree);
        }
        assertEquals(List.of(), scan.offences);
    }

    /** One scan of Java sources against the rule; collects offences and counts scoped creations. */
    private static final class Scan {
        /** What creates a Mat: constructors (also spelt fully qualified), sub-matrices, decoders, factories. */
        private static final Pattern CREATES = Pattern.compile(
                "new (org\\.opencv\\.core\\.)?Mat(Of\\w+)?\\(|\\.submat\\(|Imgcodecs\\.im(decode|read)\\("
                        + "|\\bMat\\.(zeros|ones|eye)\\(");
        private static final Pattern RELEASED = Pattern.compile("\\.release\\(\\)");
        /** MatScope releases by design; this test checks that it does, and spells the patterns it scans for. */
        private static final Set<Path> EXEMPT = Set.of(Path.of("org/dermaseg/inference/image/MatScope.java"),
                Path.of("org/dermaseg/inference/image/MatScopeTest.java"));

        final List<String> offences = new ArrayList<>();
        int scoped;

        void tree(Path src) throws IOException {
            // a tree that has moved must fail the scan, not leave it silently empty
            assertTrue(Files.isDirectory(src), "no source tree " + src);
            List<Path> files;
            try (Stream<Path> s = Files.walk(src)) {
                files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
            }
            for (Path f : files) {
                if (!EXEMPT.contains(src.relativize(f))) {
                    file(f);
                }
            }
        }

        private void file(Path f) throws IOException {
            String text = Files.readString(f);
            boolean usesOpenCvMats = text.contains("org.opencv.core.Mat"); // imported or spelt fully qualified
            List<String> lines = text.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.startsWith("*") || line.startsWith("//")) {
                    continue;
                }
                String where = RepoPaths.root().relativize(f) + ":" + (i + 1) + ": " + line;
                if (CREATES.matcher(line).find()) {
                    if (line.contains("mats.add(")) {
                        scoped++;
                    } else {
                        offences.add(where + "  (a Mat created outside a MatScope)");
                    }
                }
                if (usesOpenCvMats && RELEASED.matcher(line).find()) {
                    offences.add(where + "  (a Mat released by hand; MatScope.close releases)");
                }
            }
        }
    }
}
