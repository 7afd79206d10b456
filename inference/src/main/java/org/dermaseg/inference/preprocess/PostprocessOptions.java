package org.dermaseg.inference.preprocess;

/**
 * Mask clean-up switches.
 *
 * @param keepLargestComponent keep only the largest 8-connected lesion region
 * @param fillHoles fill background regions not connected to the image border
 */
public record PostprocessOptions(boolean keepLargestComponent, boolean fillHoles) {
    /** The reference protocol: threshold only. */
    public static final PostprocessOptions NONE = new PostprocessOptions(false, false);
    public static final PostprocessOptions CLEAN = new PostprocessOptions(true, true);
}
