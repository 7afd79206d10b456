package org.dermaseg.inference.engine.purejava.lightm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dermaseg.inference.Golden;
import org.dermaseg.inference.engine.purejava.JavaEngine;
import org.dermaseg.inference.engine.purejava.JavaNetworks;
import org.dermaseg.inference.model.ModelArtifacts;
import org.dermaseg.inference.model.ModelCard;
import org.dermaseg.inference.model.ModelException;
import org.dermaseg.inference.model.ModelRegistry;
import org.dermaseg.inference.model.Safetensors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LightM-UNet in the pure-Java engine beyond the parity every model gets (GoldenParityTest, ImageParityTest):
 * its registration, batches, and cards whose tensors or architecture fields do not fit the weights.
 */
class LightMUNetNetworkTest {
    private static ModelArtifacts model;
    private static JavaEngine java;

    @BeforeAll
    static void open() throws Exception {
        model = ModelRegistry.inDirectory(Golden.modelDir()).require(LightMUNetNetwork.TYPE);
        java = new JavaEngine(model.card(), model.verifiedSafetensors());
    }

    @AfterAll
    static void close() {
        if (java != null) {
            java.close();
        }
    }

    @Test
    void theServicesFileRegistersTheLoaderForTheCardsType() {
        assertEquals(LightMUNetNetwork.TYPE, model.card().architectureType());
        assertInstanceOf(LightMUNetNetwork.Loader.class, JavaNetworks.forType(LightMUNetNetwork.TYPE));
        assertTrue(java.info().detail().contains(model.card().name()), java.info().detail());
    }

    @Test
    void aBatchOfTwoEqualsTwoSingleRuns() throws Exception {
        // two different real images (the golden inputs of the first two samples)
        Path golden = Golden.goldenDir(model.id());
        Safetensors g = Golden.tensors(golden);
        float[] a = g.floats("input." + Golden.samples(golden).get(0).id());
        float[] b = g.floats("input." + Golden.samples(golden).get(1).id());
        float[] two = Arrays.copyOf(a, 2 * a.length);
        System.arraycopy(b, 0, two, a.length, b.length);
        float[] both = java.infer(two, 2);
        float[] first = java.infer(a, 1);
        float[] second = java.infer(b, 1);
        int plane = a.length / 3;
        assertArrayEquals(first, Arrays.copyOfRange(both, 0, plane));
        assertArrayEquals(second, Arrays.copyOfRange(both, plane, 2 * plane));
        assertTrue(Golden.maxAbsDiff(first, second) > 1e-3f, "two different images gave the same output");
    }

    @Test
    void aCardWithAMisShapedTensorIsRefusedNamingIt(@TempDir Path tmp) throws Exception {
        ModelCard bad = edited(tmp, root -> {
            for (JsonNode t : root.get("tensors")) {
                if (t.get("name").asText().equals("decoder.1.conv.weight")) {
                    ((ArrayNode) t.get("shape")).set(0, 9);
                }
            }
        });
        ModelException e = assertThrows(ModelException.class, () -> new JavaEngine(bad, weights(), 1));
        assertTrue(e.getMessage().contains("decoder.1.conv.weight"), e.getMessage());
        assertTrue(e.getMessage().contains(weights().getFileName().toString()), e.getMessage());
    }

    @Test
    void aCardWhoseArchitectureFieldsDisagreeWithItsTensorsIsRefused(@TempDir Path tmp) throws Exception {
        ModelCard bad = edited(tmp, root -> {
            ObjectNode a = (ObjectNode) root.get("architecture");
            a.put("groupNormGroups", 4);
            ((ArrayNode) a.get("blocksDown")).set(3, 3);
        });
        ModelException e = assertThrows(ModelException.class, () -> new JavaEngine(bad, weights(), 1));
        assertTrue(e.getMessage().contains("groupNormGroups 4"), e.getMessage());
        assertTrue(e.getMessage().contains("blocksDown [1, 2, 2, 3]"), e.getMessage());
    }

    private static Path weights() {
        return model.directory().resolve(model.card().artifacts().safetensors().file());
    }

    private static ModelCard edited(Path tmp, Consumer<ObjectNode> edit) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(model.cardFile().toFile());
        edit.accept(root);
        Path bad = tmp.resolve("bad.card.json");
        json.writeValue(bad.toFile(), root);
        return ModelCard.read(bad);
    }
}
