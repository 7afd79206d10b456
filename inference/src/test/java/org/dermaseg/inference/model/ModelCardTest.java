package org.dermaseg.inference.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dermaseg.inference.Golden;
import org.junit.jupiter.api.Test;

class ModelCardTest {
    private static final String MINIMAL = """
            {"name": "X", "version": "1", "trained": true, "futureField": {"a": [1, 2]},
             "input": {"width": 128, "height": 96, "channels": 3, "channelOrder": "RGB", "layout": "NCHW",
                       "resize": "opencv-inter-area", "scaling": "minmax-0-255", "newKnob": 3},
             "output": {"activation": "sigmoid", "channels": 1},
             "threshold": 0.42,
             "architecture": {"channels": [8, 16], "dState": 16, "dConv": 4, "expand": 2, "groupNormGroups": 4},
             "artifacts": {"onnx": {"file": "m.onnx", "sha256": "ab", "bytes": 5, "opset": 17,
                                    "inputName": "in", "outputName": "out"},
                           "safetensors": {"file": "m.safetensors", "sha256": "cd", "bytes": 6}},
             "tensors": [{"name": "w", "shape": [2, 3]}]}
            """;

    @Test
    void parsesFieldsAndIgnoresUnknownOnes() throws Exception {
        ModelCard c = ModelCard.parse(MINIMAL);
        assertEquals("X", c.name());
        assertTrue(c.trained());
        assertEquals(128, c.inputWidth());
        assertEquals(96, c.inputHeight());
        assertEquals(0.42, c.thresholdOrDefault());
        assertEquals("in", c.onnxInputName());
        assertEquals("out", c.onnxOutputName());
        assertEquals(17, c.artifacts().onnx().opset());
        assertEquals("cd", c.artifacts().safetensors().sha256());
        assertEquals("[8,16]", c.architecture().fields().get("channels").toString());
        assertNull(c.id(), "a card parsed from a string has no file name to take an id from");
        assertNull(c.architectureType());
        assertArrayEquals(new int[] {2, 3}, c.tensorShapes().get("w"));
    }

    @Test
    void defaultsWhenOptionalPartsAreMissing() throws Exception {
        ModelCard c = ModelCard.parse("""
                {"input": {"width": 256, "height": 256, "channels": 3}}""");
        assertEquals(0.5, c.thresholdOrDefault());
        assertEquals("input", c.onnxInputName());
        assertEquals("prob", c.onnxOutputName());
    }

    @Test
    void refusesWhatThePipelineCannotHonour() {
        ModelException bgr = assertThrows(ModelException.class, () -> ModelCard.parse(MINIMAL.replace("\"RGB\"", "\"BGR\"")));
        assertTrue(bgr.getMessage().contains("input.channelOrder \"BGR\""), bgr.getMessage());
        ModelException scaling = assertThrows(ModelException.class,
                () -> ModelCard.parse(MINIMAL.replace("minmax-0-255", "imagenet")));
        assertTrue(scaling.getMessage().contains("input.scaling"), scaling.getMessage());
        assertThrows(ModelException.class, () -> ModelCard.parse(MINIMAL.replace("0.42", "1.5")));
        assertThrows(ModelException.class, () -> ModelCard.parse("{\"name\": \"no input\"}"));
        ModelException json = assertThrows(ModelException.class, () -> ModelCard.parse("{not json"));
        assertTrue(json.getMessage().contains("not valid JSON"), json.getMessage());
    }

    @Test
    void readsTheExportedCard() throws Exception {
        ModelCard c = ModelCard.read(Golden.modelDir().resolve(Golden.CARD_FILE));
        assertEquals(256, c.inputWidth());
        assertEquals("input", c.onnxInputName());
        assertEquals("prob", c.onnxOutputName());
        assertEquals(64, c.artifacts().onnx().sha256().length());
        assertFalse(c.tensorShapes().isEmpty());
        assertArrayEquals(new int[] {8, 3, 3, 3}, c.tensorShapes().get("encoder1.weight"));
    }
}
