package org.dermaseg.inference.render;

/** What the viewer draws over the image. */
public enum ViewMode {
    /** The lesion mask: fill and/or contour in the overlay colour. */
    MASK,
    /** Against the ground truth: true positives, false positives and false negatives in their own colours. */
    COMPARE,
    /** The model's probabilities as a heat-map, with the mask contour at the current threshold. */
    PROBABILITY,
    /** The image alone. */
    ORIGINAL
}
