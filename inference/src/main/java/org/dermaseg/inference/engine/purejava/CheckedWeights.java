package org.dermaseg.inference.engine.purejava;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dermaseg.inference.model.ModelCard;
import org.dermaseg.inference.model.ModelException;
import org.dermaseg.inference.model.Safetensors;

/**
 * Reads a network's float32 tensors from a safetensors file after three lists agree on every tensor name and
 * shape: the network's (what the forward pass will index), the card's {@code tensors} and the file's. A
 * mismatch is refused before any value is read, with every problem named (the first 12), so a damaged or
 * foreign file never reaches the forward pass as silently wrong numbers.
 */
public final class CheckedWeights {
    private CheckedWeights() {
    }

    /**
     * @param expected the network's tensor names and shapes
     * @param network  the network as the error message names it (e.g. with its sizes)
     * @return the tensors, in {@code expected}'s order
     */
    public static Map<String, float[]> read(ModelCard card, Path file, Map<String, int[]> expected, String network)
            throws ModelException {
        Map<String, int[]> inCard = card.tensorShapes();
        if (inCard.isEmpty()) {
            throw new ModelException("model card lists no tensors, so the weights in " + file
                    + " cannot be checked; the pure-Java engine needs the card's \"tensors\" list");
        }
        List<String> problems = new ArrayList<>();
        compare("model card", inCard, expected, problems);
        Safetensors st;
        try {
            st = Safetensors.read(file);
        } catch (IOException e) {
            throw new ModelException("cannot read weights " + file + ": " + e.getMessage(), e);
        }
        Map<String, int[]> inFile = new LinkedHashMap<>();
        for (String n : st.names()) {
            try {
                inFile.put(n, st.shape(n));
                if (expected.containsKey(n) && !"F32".equals(st.dtype(n))) {
                    problems.add("weights file: tensor " + n + " is " + st.dtype(n) + ", F32 expected");
                }
            } catch (IOException e) {
                problems.add("weights file: " + e.getMessage());
            }
        }
        compare("weights file", inFile, expected, problems);
        if (!problems.isEmpty()) {
            int shown = Math.min(problems.size(), 12);
            throw new ModelException("weights " + file + " do not fit " + network + ": "
                    + String.join("; ", problems.subList(0, shown))
                    + (problems.size() > shown ? "; and " + (problems.size() - shown) + " more" : ""));
        }
        Map<String, float[]> values = new LinkedHashMap<>();
        for (String n : expected.keySet()) {
            try {
                values.put(n, st.floats(n));
            } catch (IOException e) {
                throw new ModelException("cannot read tensor " + n + " from " + file + ": " + e.getMessage(), e);
            }
        }
        return values;
    }

    private static void compare(String where, Map<String, int[]> actual, Map<String, int[]> expected,
                                List<String> problems) {
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            int[] got = actual.get(e.getKey());
            if (got == null) {
                problems.add(where + ": tensor " + e.getKey() + " " + Arrays.toString(e.getValue()) + " is missing");
            } else if (!Arrays.equals(got, e.getValue())) {
                problems.add(where + ": tensor " + e.getKey() + " has shape " + Arrays.toString(got)
                        + ", the network needs " + Arrays.toString(e.getValue()));
            }
        }
        for (String n : actual.keySet()) {
            if (!expected.containsKey(n)) {
                problems.add(where + ": unexpected tensor " + n + " " + Arrays.toString(actual.get(n)));
            }
        }
    }
}
