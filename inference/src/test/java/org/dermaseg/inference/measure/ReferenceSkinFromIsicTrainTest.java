package org.dermaseg.inference.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.dermaseg.inference.image.ImageLoader;
import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.inference.metrics.GroundTruthLoader;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.dermaseg.testsupport.RepoPaths;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Where {@link SkinReference#REFERENCE} comes from: the per-channel median, over the 1,250 images of the ISIC
 * 2017 train split ({@code shared/data/isic2017-256/splits/train.txt}, with their expert masks), of each
 * image's own skin estimate ({@link SkinReference#imageSkin}). No PH2 image takes part. Recomputes it and
 * checks the constant (rounded to 3 decimals) still matches. Tagged {@code shared-data}: the data is not in the
 * repository, so the default build leaves it out and it runs only when asked
 * ({@code mvn -pl inference -am test -Ddermaseg.excludedGroups=none -Dtest=ReferenceSkinFromIsicTrainTest
 * -Dsurefire.failIfNoSpecifiedTests=false}; {@code -Ddermaseg.isic2017=DIR} points at the data). Asked and
 * without the data, it fails.
 */
@Tag("shared-data")
class ReferenceSkinFromIsicTrainTest {

    static Path isic2017() {
        String prop = System.getProperty("dermaseg.isic2017");
        if (prop != null) {
            return Path.of(prop);
        }
        Path root = RepoPaths.root();
        Path inTree = root.resolve("shared/data/isic2017-256");
        return Files.isDirectory(inTree) ? inTree : root.resolveSibling("shared").resolve("data/isic2017-256");
    }

    @Test
    void referenceSkinIsTheMedianSkinOfTheIsic2017TrainSplit() throws Exception {
        Path data = isic2017();
        Path split = data.resolve("splits/train.txt");
        assertTrue(Files.isRegularFile(split), "ISIC 2017 data not found at " + data + " (-Ddermaseg.isic2017=DIR)");
        List<String> ids = Files.readAllLines(split).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        ImageLoader loader = new ImageLoader();
        GroundTruthLoader gt = new GroundTruthLoader(loader, false);
        List<double[]> skins = new ArrayList<>();
        for (String id : ids) {
            LoadedImage image = loader.load(data.resolve("images/" + id + ".jpg"));
            BinaryMask mask = gt.loadFor(data.resolve("masks/" + id + "_segmentation.png"), image.width(),
                    image.height());
            double[] s = SkinReference.imageSkin(image, mask);
            if (s != null) {
                skins.add(s);
            }
        }
        assertTrue(skins.size() >= 1200, "images with visible skin: " + skins.size());
        double[] median = new double[3];
        for (int c = 0; c < 3; c++) {
            double[] v = new double[skins.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = skins.get(i)[c];
            }
            Arrays.sort(v);
            median[c] = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }
        double[] lab = Cielab.ofLinear(median[0], median[1], median[2]);
        System.out.printf(Locale.ROOT, "ISIC 2017 train (%d images): median skin linear sRGB (%.4f, %.4f, %.4f) = L* %.1f a* %.1f b* %.1f%n",
                skins.size(), median[0], median[1], median[2], lab[0], lab[1], lab[2]);
        for (int c = 0; c < 3; c++) {
            assertEquals(median[c], SkinReference.REFERENCE[c], 0.0006, "channel " + c);
        }
    }
}
