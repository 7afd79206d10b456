package org.dermaseg.inference.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        Pattern creates = Pattern.compile("new Mat(Of\\w+)?\\(|\\.submat\\(|Imgcodecs\\.imdecode\\(");
        Pattern released = Pattern.compile("\\.release\\(\\)");
        List<String> offences = new ArrayList<>();
        int scoped = 0;
        for (String module : List.of("inference", "app")) {
            Path src = RepoPaths.root().resolve(module).resolve("src/main/java");
            List<Path> files;
            try (Stream<Path> s = Files.walk(src)) {
                files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
            }
            for (Path f : files) {
                if (f.getFileName().toString().equals("MatScope.java")) {
                    continue;
                }
                String text = Files.readString(f);
                boolean usesOpenCvMats = text.contains("import org.opencv.core.Mat");
                List<String> lines = text.lines().toList();
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (line.startsWith("*") || line.startsWith("//")) {
                        continue;
                    }
                    String where = RepoPaths.root().relativize(f) + ":" + (i + 1) + ": " + line;
                    if (creates.matcher(line).find()) {
                        if (line.contains("mats.add(")) {
                            scoped++;
                        } else {
                            offences.add(where + "  (a Mat created outside a MatScope)");
                        }
                    }
                    if (usesOpenCvMats && released.matcher(line).find()) {
                        offences.add(where + "  (a Mat released by hand; MatScope.close releases)");
                    }
                }
            }
        }
        assertEquals(List.of(), offences);
        assertTrue(scoped >= 20, "the scan saw the product's Mats (" + scoped + " scoped creations)");
    }
}
