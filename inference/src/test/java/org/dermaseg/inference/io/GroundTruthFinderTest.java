package org.dermaseg.inference.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroundTruthFinderTest {
    @TempDir
    Path tmp;
    Path in;
    Path gt;

    @BeforeEach
    void dirs() throws IOException {
        in = Files.createDirectories(tmp.resolve("in"));
        gt = Files.createDirectories(tmp.resolve("gt"));
    }

    private Path touch(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[] {1});
        return p.toAbsolutePath().normalize();
    }

    private Optional<Path> find(GroundTruthFinder f, String relative) throws IOException {
        Path image = touch(in.resolve(relative));
        return f.find(image, Path.of(relative));
    }

    @Test
    void everySuffixAndTheBareStemWithAnyImageExtension() throws IOException {
        GroundTruthFinder f = new GroundTruthFinder(gt, false);
        Path a = touch(gt.resolve("ISIC_0001_segmentation.png"));
        Path b = touch(gt.resolve("IMD002_lesion.bmp"));
        Path c = touch(gt.resolve("x_mask.TIF"));
        Path d = touch(gt.resolve("y_gt.jpeg"));
        Path e = touch(gt.resolve("z.PNG"));
        assertEquals(Optional.of(a), find(f, "ISIC_0001.jpg"));
        assertEquals(Optional.of(b), find(f, "IMD002.png"));
        assertEquals(Optional.of(c), find(f, "x.png"));
        assertEquals(Optional.of(d), find(f, "y.jpg"));
        assertEquals(Optional.of(e), find(f, "z.jpg"));
    }

    @Test
    void suffixedNamesWinOverTheBareStemInOrder() throws IOException {
        touch(gt.resolve("a.png"));
        touch(gt.resolve("a_gt.png"));
        Path seg = touch(gt.resolve("a_segmentation.png"));
        assertEquals(Optional.of(seg), find(new GroundTruthFinder(gt, false), "a.jpg"));
    }

    @Test
    void caseOfStemAndSuffixDoesNotMatter() throws IOException {
        Path p = touch(gt.resolve("Lesion7_MASK.Png"));
        assertEquals(Optional.of(p), find(new GroundTruthFinder(gt, false), "lesion7.jpg"));
    }

    @Test
    void nonImagesAndOtherStemsAreIgnored() throws IOException {
        touch(gt.resolve("k_mask.txt"));
        touch(gt.resolve("k2_mask.png"));
        touch(gt.resolve("kk_mask.png"));
        assertEquals(Optional.empty(), find(new GroundTruthFinder(gt, false), "k.png"));
    }

    @Test
    void mirroredSubfolderFirstThenFlat() throws IOException {
        Path mirrored = touch(gt.resolve("site1/b_mask.png"));
        touch(gt.resolve("b_mask.png"));
        GroundTruthFinder f = new GroundTruthFinder(gt, false);
        assertEquals(Optional.of(mirrored), find(f, "site1/b.png"));
        Path flat = touch(gt.resolve("c_mask.png"));
        assertEquals(Optional.of(flat), find(f, "site1/c.png"));
    }

    @Test
    void nextToTheImageOnlySuffixedNames() throws IOException {
        GroundTruthFinder f = new GroundTruthFinder(null, true);
        Path beside = touch(in.resolve("c_segmentation.png"));
        assertEquals(Optional.of(beside), find(f, "c.jpg"));
        touch(in.resolve("d.png"));                       // another image with the same stem is not ground truth
        assertEquals(Optional.empty(), find(f, "d.jpg"));
        assertEquals(Optional.empty(), find(new GroundTruthFinder(null, false), "c.jpg"));
    }

    @Test
    void gtFolderBeatsNextToImage() throws IOException {
        touch(in.resolve("e_mask.png"));
        Path inGt = touch(gt.resolve("e_mask.png"));
        assertEquals(Optional.of(inGt), find(new GroundTruthFinder(gt, true), "e.png"));
    }

    @Test
    void neverReturnsTheImageItself() throws IOException {
        // --gt pointing at the image folder: the bare stem there is the image
        Path mask = touch(in.resolve("g_lesion.png"));
        touch(in.resolve("f.png"));
        touch(in.resolve("g.png"));
        GroundTruthFinder f = new GroundTruthFinder(in, false); // listings are cached: create files first
        assertEquals(Optional.empty(), find(f, "f.png"));
        assertEquals(Optional.of(mask), find(f, "g.png"));
    }

    @Test
    void listingIsCachedButFindsFilesOfOtherFolders() throws IOException {
        GroundTruthFinder f = new GroundTruthFinder(gt, false);
        Path other = touch(gt.resolve("sub/i_mask.png"));
        assertTrue(find(f, "h.png").isEmpty());
        assertEquals(Optional.of(other), find(f, "sub/i.png"));
    }

    @Test
    void besideTheImageFolderInMaskFoldersAsThePh2AndIsicLayoutsKeepThem() throws IOException {
        Path images = tmp.resolve("set/images");
        Path inside = touch(images.resolve("masks/a_lesion.png"));
        Path beside = touch(tmp.resolve("set/ground_truth/b.png"));
        Path ownAndBeside = touch(images.resolve("c_segmentation.png"));
        touch(tmp.resolve("set/gt/c_segmentation.png"));
        GroundTruthFinder f = new GroundTruthFinder(null, true);
        assertEquals(Optional.of(inside), f.find(touch(images.resolve("a.jpg")), Path.of("a.jpg")));
        assertEquals(Optional.of(beside), f.find(touch(images.resolve("b.jpg")), Path.of("b.jpg")),
                "the bare stem counts in a mask folder");
        assertEquals(Optional.of(ownAndBeside), f.find(touch(images.resolve("c.jpg")), Path.of("c.jpg")),
                "beside the image first");
        assertEquals(Optional.empty(), new GroundTruthFinder(null, false).find(images.resolve("a.jpg"), Path.of("a.jpg")),
                "only when asked to look near the image");
    }

    @Test
    void aBatchNeverTakesItsOwnOutputFolderForGroundTruth() throws IOException {
        Path images = tmp.resolve("set/images");
        Path out = tmp.resolve("set/masks"); // "-o masks" beside the input: our masks, not an expert's
        touch(out.resolve("a_segmentation.png"));
        Path image = touch(images.resolve("a.jpg"));
        assertTrue(new GroundTruthFinder(null, true).find(image, Path.of("a.jpg")).isPresent());
        assertEquals(Optional.empty(), new GroundTruthFinder(null, true, out).find(image, Path.of("a.jpg")));
    }
}
