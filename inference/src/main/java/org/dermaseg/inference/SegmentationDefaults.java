package org.dermaseg.inference;

/**
 * Defaults shared by the CLI and the GUI, each in one constant so that both change together.
 */
public final class SegmentationDefaults {
    /**
     * Flip test-time augmentation ({@link org.dermaseg.inference.engine.FlipTtaEngine}): off until its accuracy
     * gain on the validation split is measured against its cost (about 4x the engine time per image).
     */
    public static final boolean TTA = false;

    private SegmentationDefaults() {
    }
}
