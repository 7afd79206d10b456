package org.dermaseg.inference.engine.purejava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dermaseg.inference.Golden;
import org.dermaseg.inference.engine.DeviceChoice;
import org.dermaseg.inference.engine.EngineChoice;
import org.dermaseg.inference.engine.EngineException;
import org.dermaseg.inference.engine.EngineFactory;
import org.dermaseg.inference.engine.SegmentationEngine;
import org.dermaseg.inference.model.ModelArtifacts;
import org.dermaseg.inference.model.ModelCard;
import org.dermaseg.inference.model.ModelException;
import org.dermaseg.inference.model.Safetensors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading (name/shape checks), the engine contract (batches, threads, errors) and the factory's fallback. */
class JavaEngineTest {
    private static final int PLANE = 256 * 256;

    @TempDir
    Path tmp;

    @AfterEach
    void restore() {
        EngineFactory.registerJavaEngine(null);
    }

    private static ModelArtifacts real() throws ModelException {
        return ModelArtifacts.fromDirectory(Golden.modelDir());
    }

    // ------------------------------------------------------------ weights checked against the card

    /** Writes a safetensors file with these F32 tensors, in order. */
    static void writeSafetensors(Path file, Map<String, Safetensors.Tensor> tensors) throws Exception {
        ObjectNode header = new ObjectMapper().createObjectNode();
        long offset = 0;
        for (Safetensors.Tensor t : tensors.values()) {
            ObjectNode e = header.putObject(t.name());
            e.put("dtype", "F32");
            ArrayNode shape = e.putArray("shape");
            for (int d : t.shape()) {
                shape.add(d);
            }
            long bytes = 4L * t.data().length;
            e.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
        out.write(json);
        for (Safetensors.Tensor t : tensors.values()) {
            ByteBuffer b = ByteBuffer.allocate(4 * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(t.data());
            out.write(b.array());
        }
        Files.write(file, out.toByteArray());
    }

    private static Map<String, Safetensors.Tensor> realTensors() throws Exception {
        Safetensors st = Safetensors.read(real().verifiedSafetensors());
        Map<String, Safetensors.Tensor> m = new LinkedHashMap<>();
        for (String n : st.names()) {
            m.put(n, st.tensor(n));
        }
        return m;
    }

    @Test
    void realWeightsLoadAndTheEngineDescribesItself() throws Exception {
        ModelArtifacts a = real();
        try (JavaEngine e = new JavaEngine(a.card(), a.verifiedSafetensors(), 2)) {
            assertEquals("java", e.info().name());
            assertEquals("cpu", e.info().device());
            assertTrue(e.info().detail().contains("2 threads"), e.info().detail());
            assertFalse(e.info().isFallback());
        }
    }

    @Test
    void missingTensorIsAClearError() throws Exception {
        Map<String, Safetensors.Tensor> t = realTensors();
        t.remove("encoder5.mamba.A_log");
        Path f = tmp.resolve("w.safetensors");
        writeSafetensors(f, t);
        ModelException e = assertThrows(ModelException.class, () -> new JavaEngine(real().card(), f));
        assertTrue(e.getMessage().contains("weights file: tensor encoder5.mamba.A_log [16, 16] is missing"), e.getMessage());
    }

    @Test
    void misShapedTensorIsAClearError() throws Exception {
        Map<String, Safetensors.Tensor> t = realTensors();
        Safetensors.Tensor old = t.get("decoder4.weight"); // [16, 24, 3, 3]
        t.put("decoder4.weight", new Safetensors.Tensor("decoder4.weight", "F32", new int[] {24, 16, 3, 3}, old.data()));
        Path f = tmp.resolve("w.safetensors");
        writeSafetensors(f, t);
        ModelException e = assertThrows(ModelException.class, () -> new JavaEngine(real().card(), f));
        assertTrue(e.getMessage().contains("decoder4.weight has shape [24, 16, 3, 3], the network needs [16, 24, 3, 3]"),
                e.getMessage());
    }

    @Test
    void unexpectedTensorIsAnError() throws Exception {
        Map<String, Safetensors.Tensor> t = realTensors();
        t.put("encoder7.weight", new Safetensors.Tensor("encoder7.weight", "F32", new int[] {2}, new float[2]));
        Path f = tmp.resolve("w.safetensors");
        writeSafetensors(f, t);
        ModelException e = assertThrows(ModelException.class, () -> new JavaEngine(real().card(), f));
        assertTrue(e.getMessage().contains("unexpected tensor encoder7.weight"), e.getMessage());
    }

    private static ModelCard cardWith(java.util.function.Consumer<ObjectNode> edit) throws Exception {
        ObjectMapper m = new ObjectMapper();
        ObjectNode card = (ObjectNode) m.readTree(real().cardFile().toFile());
        edit.accept(card);
        return ModelCard.parse(m.writeValueAsString(card));
    }

    @Test
    void cardWhoseShapesDisagreeIsAClearError() throws Exception {
        ModelCard card = cardWith(c -> {
            for (var t : c.withArray("tensors")) {
                if (t.get("name").asText().equals("scab.catt.att3.weight")) {
                    ((ObjectNode) t).putArray("shape").add(24).add(127);
                }
            }
        });
        ModelException e = assertThrows(ModelException.class, () -> new JavaEngine(card, real().verifiedSafetensors()));
        assertTrue(e.getMessage().contains("model card: tensor scab.catt.att3.weight has shape [24, 127]"), e.getMessage());
    }

    @Test
    void cardWithoutTensorListOrWithOtherChannelsIsRefused() throws Exception {
        ModelCard noList = cardWith(c -> c.remove("tensors"));
        ModelException e1 = assertThrows(ModelException.class, () -> new JavaEngine(noList, real().verifiedSafetensors()));
        assertTrue(e1.getMessage().contains("lists no tensors"), e1.getMessage());

        // a card for a wider network: every tensor of the real file is then mis-shaped
        ModelCard wider = cardWith(c -> ((ObjectNode) c.get("architecture")).putArray("channels")
                .add(16).add(32).add(48).add(64).add(96).add(128));
        ModelException e2 = assertThrows(ModelException.class, () -> new JavaEngine(wider, real().verifiedSafetensors()));
        assertTrue(e2.getMessage().contains("encoder1.weight has shape [8, 3, 3, 3], the network needs [16, 3, 3, 3]"),
                e2.getMessage());

        ModelCard odd = cardWith(c -> ((ObjectNode) c.get("architecture")).putArray("channels")
                .add(8).add(16).add(24).add(30).add(48).add(64));
        ModelException e3 = assertThrows(ModelException.class, () -> new JavaEngine(odd, real().verifiedSafetensors()));
        assertTrue(e3.getMessage().contains("30 must be a positive multiple of 4"), e3.getMessage());
    }

    // ------------------------------------------------------------ engine contract

    @Test
    void batchEqualsSingleRunsAndThreadCountDoesNotChangeTheAnswer() throws Exception {
        ModelArtifacts a = real();
        Safetensors g = Golden.tensors();
        List<Golden.Sample> samples = Golden.samples();
        float[] batch = new float[samples.size() * 3 * PLANE];
        for (int i = 0; i < samples.size(); i++) {
            System.arraycopy(g.floats("input." + samples.get(i).id()), 0, batch, i * 3 * PLANE, 3 * PLANE);
        }
        try (JavaEngine one = new JavaEngine(a.card(), a.verifiedSafetensors(), 1);
             JavaEngine three = new JavaEngine(a.card(), a.verifiedSafetensors(), 3)) {
            float[] all = three.infer(batch, samples.size());
            assertEquals(samples.size() * PLANE, all.length);
            for (int i = 0; i < samples.size(); i++) {
                float[] single = one.infer(g.floats("input." + samples.get(i).id()), 1);
                // same operations in the same order whatever the thread count: bit-identical
                assertEquals(0f, Golden.maxAbsDiff(single, Arrays.copyOfRange(all, i * PLANE, (i + 1) * PLANE)));
                float diff = Golden.maxAbsDiff(single, g.floats("prob." + samples.get(i).id()));
                assertTrue(diff <= 1e-4f, samples.get(i).id() + ": " + diff);
            }
        }
    }

    @Test
    void concurrentCallsGiveTheSameAnswersAsSequentialOnes() throws Exception {
        ModelArtifacts a = real();
        Safetensors g = Golden.tensors();
        List<Golden.Sample> samples = Golden.samples();
        try (JavaEngine e = new JavaEngine(a.card(), a.verifiedSafetensors(), 2)) {
            List<float[]> inputs = new ArrayList<>();
            List<float[]> expected = new ArrayList<>();
            for (Golden.Sample s : samples) {
                inputs.add(g.floats("input." + s.id()));
                expected.add(e.infer(inputs.get(inputs.size() - 1), 1));
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<float[]>> futures = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    float[] in = inputs.get(i % inputs.size());
                    futures.add(pool.submit(() -> e.infer(in, 1)));
                }
                for (int i = 0; i < futures.size(); i++) {
                    assertEquals(0f, Golden.maxAbsDiff(expected.get(i % inputs.size()), futures.get(i).get()), "call " + i);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void outputsAreProbabilitiesThatDependOnTheInput() throws Exception {
        ModelArtifacts a = real();
        try (JavaEngine e = new JavaEngine(a.card(), a.verifiedSafetensors())) {
            float[] p = e.infer(Golden.tensors().floats("input." + Golden.samples().get(0).id()), 1);
            float[] zeros = e.infer(new float[3 * PLANE], 1);
            for (float v : p) {
                assertTrue(v >= 0f && v <= 1f, "not a probability: " + v);
            }
            assertTrue(Golden.maxAbsDiff(p, zeros) > 1e-2f);
        }
    }

    @Test
    void wrongInputSizeAndClosedEngineAreErrors() throws Exception {
        ModelArtifacts a = real();
        JavaEngine e = new JavaEngine(a.card(), a.verifiedSafetensors());
        assertThrows(IllegalArgumentException.class, () -> e.infer(new float[3 * PLANE - 1], 1));
        assertThrows(IllegalArgumentException.class, () -> e.infer(new float[3 * PLANE], 2));
        assertThrows(IllegalArgumentException.class, () -> e.infer(new float[0], 0));
        e.close();
        assertThrows(EngineException.class, () -> e.infer(new float[3 * PLANE], 1));
    }

    // ------------------------------------------------------------ factory: java, and auto's fallback

    @Test
    void factoryStartsThisEngineForTheCardsArchitecture() throws Exception {
        assertTrue(EngineFactory.javaEngineAvailable());
        assertTrue(EngineFactory.availableEngines().contains("java/cpu"), EngineFactory.availableEngines().toString());
        try (SegmentationEngine e = EngineFactory.create(EngineChoice.JAVA, DeviceChoice.CPU, real())) {
            assertEquals("java", e.info().name());
            assertFalse(e.info().isFallback());
        }
        try (SegmentationEngine e = EngineFactory.create(EngineChoice.JAVA, DeviceChoice.CUDA, real())) {
            assertTrue(e.info().fallbackReason().contains("CPU only"), e.info().fallbackReason());
        }
    }

    /** A model directory whose ONNX file passes its checksum but cannot be opened by ONNX Runtime. */
    private Path modelWithUnloadableOnnx() throws Exception {
        Path dir = tmp.resolve("model");
        Files.createDirectories(dir);
        Path src = Golden.modelDir();
        Files.copy(src.resolve(Golden.WEIGHTS_FILE), dir.resolve(Golden.WEIGHTS_FILE));
        Files.writeString(dir.resolve(Golden.ONNX_FILE), "not an ONNX model");
        String sha = ModelArtifacts.sha256(dir.resolve(Golden.ONNX_FILE));
        String card = Files.readString(src.resolve(Golden.CARD_FILE))
                .replace(real().card().artifacts().onnx().sha256(), sha);
        Files.writeString(dir.resolve(Golden.CARD_FILE), card);
        return dir;
    }

    @Test
    void autoRunsThisEngineOnTheCpuEvenWhenOnnxRuntimeCannotOpenTheModelAndSaysWhy() throws Exception {
        ModelArtifacts a = ModelArtifacts.fromDirectory(modelWithUnloadableOnnx());
        Safetensors g = Golden.tensors();
        String id = Golden.samples().get(0).id();
        try (SegmentationEngine e = EngineFactory.create(EngineChoice.AUTO, DeviceChoice.AUTO, a)) {
            assertEquals("java", e.info().name());
            assertFalse(e.info().isFallback(), "the faster CPU engine is auto's first choice, not a fallback");
            assertTrue(e.info().choiceReason().startsWith("the faster CPU engine"), e.info().choiceReason());
            float diff = Golden.maxAbsDiff(e.infer(g.floats("input." + id), 1), g.floats("prob." + id));
            assertTrue(diff <= 1e-4f, "fallback engine output differs from PyTorch by " + diff);
        }
    }
}
