package org.dermaseg.inference.measure;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

import org.dermaseg.inference.Golden;
import org.dermaseg.inference.SegmentationResult;
import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.SegmenterOptions;
import org.dermaseg.inference.engine.DeviceChoice;
import org.dermaseg.inference.engine.EngineChoice;
import org.dermaseg.inference.image.ImageLoader;
import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.testsupport.RepoPaths;
import org.dermaseg.inference.metrics.GroundTruthLoader;
import org.dermaseg.inference.model.ModelArtifacts;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.dermaseg.inference.preprocess.PostprocessOptions;
import org.junit.jupiter.api.Test;

/**
 * The 10 PH2 samples against their experts' asymmetry scores and colours, with the expert masks and with
 * the app's own masks (ONNX engine, card threshold, clean-up on as in the window). An evaluation only: these
 * 10 images were used earlier (until branch measfix) to tune the asymmetry cut-offs and the reference skin; since then every
 * constant is fixed a priori (docs/measurements.md) and nothing may be chosen by looking at these numbers.
 * Ten images are far too few for an estimate. The floors are the values measured with the a-priori constants,
 * rounded down, only so that an unintended change of the measurements fails; they are not targets.
 */
class Ph2SamplesAgreementTest {

    @Test
    void expertMasksAgreeWithTheExpertsAtLeastAsWellAsMeasured() throws Exception {
        Agreement a = agreement(false);
        // measured with the a-priori constants: 0.60 and 0.663 (docs/measurements.md; "always 0" scores 0.70)
        assertTrue(a.asymmetryExact() >= 0.6, "asymmetry exact agreement " + a.asymmetryExact());
        assertTrue(a.macro() >= 0.66, "colour macro balanced accuracy " + a.macro());
    }

    @Test
    void appMasksAgreeWithTheExpertsAtLeastAsWellAsMeasured() throws Exception {
        Agreement a = agreement(true);
        // measured with the a-priori constants and model 2.0.0 masks: 0.70 and 0.660 (docs/measurements.md)
        assertTrue(a.asymmetryExact() >= 0.7, "asymmetry exact agreement " + a.asymmetryExact());
        assertTrue(a.macro() >= 0.65, "colour macro balanced accuracy " + a.macro());
    }

    /**
     * PH2's colour-region masks of two samples: how much of each region the colour map gives its labelled
     * colour (printed for docs/measurements.md). Asserted only where it holds: IMD057's black region is mostly
     * black. The dark-brown regions are mostly called black or red (see the docs' agreement section).
     */
    @Test
    void ph2ColourRegionsAgainstTheColourMap() throws Exception {
        Path samples = RepoPaths.root().resolve("assets/samples");
        ImageLoader loader = new ImageLoader();
        GroundTruthLoader gtLoader = new GroundTruthLoader(loader, false);
        String[][] rois = {{"IMD002", "IMD002_R1_Label4.png", "dark_brown"}, {"IMD002", "IMD002_R2_Label3.png",
            "light_brown"}, {"IMD057", "IMD057_R1_Label4.png", "dark_brown"}, {"IMD057", "IMD057_R2_Label.png", "black"}};
        double blackShare = 0;
        for (String[] r : rois) {
            LoadedImage image = loader.load(samples.resolve("images/" + r[0] + ".png"));
            BinaryMask mask = gtLoader.loadFor(samples.resolve("masks/" + r[0] + "_lesion.png"), image.width(),
                    image.height());
            BinaryMask roi = gtLoader.loadFor(Ph2Labels.folder().resolve("roi/" + r[1]), image.width(), image.height());
            ColourRegions regions = LesionMeasurer.measure(image, mask, null).colours().regions();
            java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
            int n = 0;
            for (int y = 0; y < image.height(); y++) {
                for (int x = 0; x < image.width(); x++) {
                    if (roi.get(x, y) && mask.get(x, y)) {
                        DermoscopicColour c = regions.at(x, y);
                        counts.merge(c == null ? "skin-like" : c.id(), 1, Integer::sum);
                        n++;
                    }
                }
            }
            double share = counts.getOrDefault(r[2], 0) / (double) n;
            System.out.printf(Locale.ROOT, "ROI %s (%s, %d px): %.2f as %s; %s%n", r[1], r[2], n, share, r[2], counts);
            if (r[2].equals("black")) {
                blackShare = share;
            }
        }
        assertTrue(blackShare > 0.5, "IMD057's black region called black: " + blackShare);
    }

    static Agreement agreement(boolean appMasks) throws Exception {
        Path samples = RepoPaths.root().resolve("assets/samples");
        ImageLoader loader = new ImageLoader();
        GroundTruthLoader gtLoader = new GroundTruthLoader(loader, false);
        List<Agreement.Pair> pairs = new ArrayList<>();
        Segmenter segmenter = appMasks ? Segmenter.open(ModelArtifacts.fromDirectory(Golden.modelDir()),
                EngineChoice.ONNX, DeviceChoice.CPU, SegmenterOptions.DEFAULT.withPostprocess(PostprocessOptions.CLEAN))
                : null;
        try {
            for (Ph2Labels l : Ph2Labels.all()) {
                LoadedImage image = loader.load(samples.resolve("images/" + l.id() + ".png"));
                BinaryMask mask;
                if (appMasks) {
                    SegmentationResult r = segmenter.segment(image);
                    mask = r.mask();
                } else {
                    mask = gtLoader.loadFor(samples.resolve("masks/" + l.id() + "_lesion.png"), image.width(),
                            image.height());
                }
                LesionMeasurements m = LesionMeasurer.measure(image, mask, null);
                LesionMeasurements.Asymmetry as = m.asymmetry();
                System.out.printf(Locale.ROOT, "%s %s asym %d (expert %d) major %.3f/%.2f minor %.3f/%.2f | %s (expert %s) %s | compact %.2f abrupt %.1f%n",
                        appMasks ? "app" : "expert", l.id(), as.score(), l.asymmetry(), as.majorShape(), as.majorColour(),
                        as.minorShape(), as.minorColour(), m.colours().ids(), l.colours(), fractions(m),
                        m.border().compactness(), m.border().meanAbruptness());
                pairs.add(new Agreement.Pair(l.asymmetry(), l.colours(), as.score(),
                        m.colours().present().isEmpty() ? EnumSet.noneOf(DermoscopicColour.class)
                                : EnumSet.copyOf(m.colours().present())));
            }
        } finally {
            if (segmenter != null) {
                segmenter.close();
            }
        }
        Agreement a = Agreement.of(pairs);
        System.out.printf(Locale.ROOT, "%s masks: asymmetry exact %.2f, colour macro BA %.3f %s%n",
                appMasks ? "app" : "expert", a.asymmetryExact(), a.macro(), a.colourBalancedAccuracy());
        return a;
    }

    private static String fractions(LesionMeasurements m) {
        StringBuilder sb = new StringBuilder();
        m.colours().fractions().forEach((c, f) -> sb.append(String.format(Locale.ROOT, "%s=%.2f ", c.id(), f)));
        return sb.toString().trim();
    }
}
