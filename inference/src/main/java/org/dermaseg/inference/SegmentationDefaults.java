package org.dermaseg.inference;

/**
 * Defaults shared by the CLI and the GUI, each in one constant so that both change together.
 */
public final class SegmentationDefaults {
    /**
     * Flip test-time augmentation ({@link org.dermaseg.inference.engine.FlipTtaEngine}): off. On the validation
     * split it gains +0.0054 pooled DSC for about 4x the engine time per image (model/README.md).
     */
    public static final boolean TTA = false;

    /**
     * Clean-up (largest lesion region, holes filled): on. Decided on the validation split with model 2.0.0
     * (pooled DSC 0.8412 -> 0.8432, mean per-image Dice 0.8503 -> 0.8524; model/README.md).
     */
    public static final boolean CLEAN_UP = true;

    private SegmentationDefaults() {
    }
}
