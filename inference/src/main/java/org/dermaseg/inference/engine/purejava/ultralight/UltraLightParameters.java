package org.dermaseg.inference.engine.purejava.ultralight;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * UltraLight VM-UNet's {@code architecture} fields in its model card: the six stage widths, the Mamba state
 * size, its depth-wise convolution width and expansion, and the GroupNorm group count.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UltraLightParameters(int[] channels, int dState, int dConv, int expand, int groupNormGroups) {
}
