package org.dermaseg.inference.batch;

import java.io.IOException;

import org.dermaseg.inference.SegmentationResult;
import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.inference.io.ImageFiles;
import org.dermaseg.inference.io.MaskPng;
import org.dermaseg.inference.measure.LesionMeasurements;

/**
 * The one file a batch writes per image, beside its optional overlay: the mask for {@code batch} and
 * {@code segment}, a PDF page for {@code report}. One hook so those commands share the batch's loop (listing,
 * threads, refusals, atomic writes) and differ only in what they write.
 */
public interface ImageOutput {
    /** {@code <stem>_segmentation.png}, 0 = background, 255 = lesion (the completion marker {@code --resume} checks). */
    ImageOutput MASK = new ImageOutput() {
        @Override
        public String suffix() {
            return ImageFiles.MASK_SUFFIX;
        }

        @Override
        public byte[] render(LoadedImage image, SegmentationResult result, LesionMeasurements measurements)
                throws IOException {
            return MaskPng.encode(result.mask(), false);
        }
    };

    /** What replaces the image's extension in the output name, e.g. {@code _segmentation.png}. */
    String suffix();

    /** What the file is called in messages ("same output name as ..."). */
    default String what() {
        return "output";
    }

    /** True when {@link #render} draws the image itself, so a reduced decode must be redone at full size. */
    default boolean needsFullImage() {
        return false;
    }

    /** The file's bytes; called on an encode thread, so it must be thread-safe. */
    byte[] render(LoadedImage image, SegmentationResult result, LesionMeasurements measurements) throws IOException;
}
