package org.dermaseg.inference.engine.purejava.lightm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * LightM-UNet's {@code architecture} fields in its model card (written by model/export.py). The network's shape
 * is derived from the card's tensor list ({@link LightMConfig#fromTensors}); these fields must agree with it, and
 * {@code groupNormGroups}, which no tensor shows, must be the {@link LightMConfig#GROUPS} the engine computes.
 * A field the card leaves out is not checked.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LightMParameters(Integer initFilters, int[] blocksDown, int[] blocksUp, Integer dState, Integer dConv,
                               Integer expand, Integer groupNormGroups) {
    /** Every field that disagrees with the tensor-derived configuration, worded for an error message. */
    List<String> disagreements(LightMConfig c) {
        List<String> bad = new ArrayList<>();
        differ(bad, "initFilters", initFilters, c.initFilters());
        if (blocksDown != null && !Arrays.equals(blocksDown, c.blocksDown())) {
            bad.add("blocksDown " + Arrays.toString(blocksDown) + " but the tensors have " + Arrays.toString(c.blocksDown()));
        }
        if (blocksUp != null && !Arrays.equals(blocksUp, c.blocksUp())) {
            bad.add("blocksUp " + Arrays.toString(blocksUp) + " but the tensors have " + Arrays.toString(c.blocksUp()));
        }
        differ(bad, "dState", dState, c.dState());
        differ(bad, "dConv", dConv, c.dConv());
        differ(bad, "expand", expand, c.expand());
        if (groupNormGroups != null && groupNormGroups != LightMConfig.GROUPS) {
            bad.add("groupNormGroups " + groupNormGroups + " but the pure-Java engine computes GroupNorm with "
                    + LightMConfig.GROUPS + " groups");
        }
        return bad;
    }

    private static void differ(List<String> bad, String field, Integer card, int tensors) {
        if (card != null && card != tensors) {
            bad.add(field + " " + card + " but the tensors have " + tensors);
        }
    }
}
