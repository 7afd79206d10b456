package org.dermaseg.inference.engine.purejava.lightm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.dermaseg.inference.Golden;
import org.dermaseg.inference.model.ModelCard;
import org.dermaseg.inference.model.ModelException;
import org.dermaseg.inference.model.ModelRegistry;
import org.junit.jupiter.api.Test;

class LightMConfigTest {
    @Test
    void theCommittedCardDescribesThePapersConfiguration() throws Exception {
        ModelCard card = ModelRegistry.inDirectory(Golden.modelDir()).require(LightMUNetNetwork.TYPE).card();
        LightMConfig c = LightMConfig.fromTensors(card.tensorShapes());
        assertEquals(8, c.initFilters());
        assertArrayEquals(new int[] {1, 2, 2, 4}, c.blocksDown());
        assertArrayEquals(new int[] {1, 1, 1}, c.blocksUp());
        assertEquals(16, c.dState());
        assertEquals(4, c.dConv());
        assertEquals(2, c.expand());
        Map<String, int[]> shapes = c.expectedShapes();
        long params = 0;
        for (int[] s : shapes.values()) {
            long n = 1;
            for (int d : s) {
                n *= d;
            }
            params += n;
        }
        assertEquals(403302, params);
        assertEquals(card.parameters().longValue(), params);
        assertEquals(card.tensorShapes().keySet(), shapes.keySet());
    }

    @Test
    void anotherNetworksTensorListIsNotTakenForLightM() {
        ModelException e = assertThrows(ModelException.class,
                () -> LightMConfig.fromTensors(Map.of("encoder1.weight", new int[] {8, 3, 3, 3})));
        assertTrue(e.getMessage().contains("conv_init.weight"), e.getMessage());
    }
}
