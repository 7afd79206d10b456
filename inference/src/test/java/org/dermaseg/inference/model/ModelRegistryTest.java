package org.dermaseg.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dermaseg.inference.Golden;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry over temporary model folders: the real model's files, plus cards written here (a copy under
 * another id, and broken ones). Each bad card is refused with its file named while the others stay usable.
 */
class ModelRegistryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    private Path dir;
    private ModelCard real;

    @BeforeEach
    void copyTheRealModel() throws Exception {
        dir = Files.createDirectories(tmp.resolve("model"));
        real = ModelCard.read(Golden.modelDir().resolve(Golden.CARD_FILE));
        for (String f : List.of(Golden.CARD_FILE, real.artifacts().onnx().file(), real.artifacts().safetensors().file())) {
            Files.copy(Golden.modelDir().resolve(f), dir.resolve(f));
        }
    }

    /** Writes {@code file} as the real card changed by {@code edit}. */
    private Path card(String file, Consumer<ObjectNode> edit) throws Exception {
        ObjectNode c = (ObjectNode) JSON.readTree(Golden.modelDir().resolve(Golden.CARD_FILE).toFile());
        edit.accept(c);
        Path p = dir.resolve(file);
        Files.writeString(p, JSON.writeValueAsString(c));
        return p;
    }

    private static Consumer<ObjectNode> id(String id) {
        return c -> {
            c.put("id", id);
            c.put("default", false);
        };
    }

    @Test
    void theShippedModelIsTheDefaultAndBothFilesPass() throws Exception {
        ModelRegistry r = ModelRegistry.inDirectory(Golden.modelDir());
        ModelEntry e = r.find(r.defaultId());
        assertEquals(real.id(), r.defaultId());
        assertTrue(e.usable(), e.problem());
        assertEquals(ModelEntry.FILE_OK, e.files().get("onnx"));
        assertEquals(ModelEntry.FILE_OK, e.files().get("safetensors"));
        assertEquals(real.id(), ModelArtifacts.fromDirectory(Golden.modelDir()).id());
    }

    @Test
    void aSecondCardIsASecondModelAndTheMarkedDefaultStays() throws Exception {
        card("zz-copy.card.json", id("aa-copy")); // sorts first by id and by file name: the mark decides
        ModelRegistry r = ModelRegistry.inDirectory(dir);
        assertEquals(List.of("aa-copy", real.id()), r.models().stream().map(ModelEntry::id).toList());
        assertEquals(2, r.usable().size());
        assertEquals(real.id(), r.defaultId());
        assertEquals("aa-copy", r.require("aa-copy").id());
        assertEquals(real.id(), r.require(null).id());
    }

    @Test
    void aCardFromBeforeIdsTakesItsIdFromTheFileNameAndItsTypeFromTheId() throws Exception {
        card(Golden.CARD_FILE, c -> {
            c.remove("id");
            c.remove("default");
            ((ObjectNode) c.get("architecture")).remove("type");
        });
        ModelArtifacts a = ModelArtifacts.fromDirectory(dir);
        assertEquals(real.id(), a.id());
        assertEquals(real.architectureType(), a.card().architectureType());
        assertTrue(ModelRegistry.inDirectory(dir).find(real.id()).usable());
    }

    @Test
    void unknownArchitectureIsRefusedNamingTheFileAndTheOthersStayUsable() throws Exception {
        Path bad = card("future.card.json", id("future").andThen(c ->
                ((ObjectNode) c.get("architecture")).put("type", "no-such-network")));
        ModelRegistry r = ModelRegistry.inDirectory(dir);
        ModelEntry e = r.find("future");
        assertFalse(e.usable());
        assertTrue(e.problem().contains(bad.toString()) && e.problem().contains("\"no-such-network\" is unknown"),
                e.problem());
        assertTrue(r.find(real.id()).usable());
        ModelException x = assertThrows(ModelException.class, () -> r.require("future"));
        assertTrue(x.getMessage().contains(bad.toString()) && x.getMessage().contains(real.id()), x.getMessage());
    }

    @Test
    void twoCardsWithOneIdAreBothRefusedNamingBothFiles() throws Exception {
        Path a = card("a.card.json", id("twin"));
        Path b = card("b.card.json", id("twin"));
        ModelRegistry r = ModelRegistry.inDirectory(dir);
        List<ModelEntry> twins = r.models().stream().filter(m -> m.id().equals("twin")).toList();
        assertEquals(2, twins.size());
        for (ModelEntry t : twins) {
            assertFalse(t.usable());
            assertTrue(t.problem().contains(a.toString()) && t.problem().contains(b.toString()), t.problem());
        }
        assertThrows(ModelException.class, () -> r.require("twin"));
        assertEquals(real.id(), r.require(null).id());
    }

    @Test
    void missingFilesAreRefusedNamingTheFile() throws Exception {
        card("gone.card.json", id("gone").andThen(c -> {
            ((ObjectNode) c.at("/artifacts/onnx")).put("file", "gone.onnx");
            ((ObjectNode) c.at("/artifacts/safetensors")).put("file", "gone.safetensors");
        }));
        ModelEntry e = ModelRegistry.inDirectory(dir).find("gone");
        assertFalse(e.usable());
        assertTrue(e.problem().contains("missing") && e.problem().contains(dir.resolve("gone.onnx").toString())
                && e.problem().contains(dir.resolve("gone.safetensors").toString()), e.problem());
    }

    @Test
    void damagedFilesAreRefusedButOneIntactFileKeepsTheModelForItsEngine() throws Exception {
        Path onnx = dir.resolve(real.artifacts().onnx().file());
        flipByte(onnx);
        ModelEntry half = ModelRegistry.inDirectory(dir).find(real.id());
        assertTrue(half.usable(), "the pure-Java engine can still run it from the intact weights");
        assertTrue(half.files().get("onnx").contains("damaged") && half.files().get("onnx").contains(onnx.toString()),
                half.files().toString());
        assertEquals(List.of(half.files().get("onnx")), half.fileWarnings());

        Path weights = dir.resolve(real.artifacts().safetensors().file());
        flipByte(weights);
        ModelRegistry r = ModelRegistry.inDirectory(dir);
        ModelEntry none = r.find(real.id());
        assertFalse(none.usable());
        assertTrue(none.problem().contains(onnx.toString()) && none.problem().contains(weights.toString()), none.problem());
        // the refused default is not replaced by another model behind the user's back
        card("other.card.json", id("other").andThen(c -> ((ObjectNode) c.at("/artifacts/onnx")).put("file", "none")));
        ModelException x = assertThrows(ModelException.class, () -> ModelRegistry.inDirectory(dir).require(null));
        assertTrue(x.getMessage().contains(weights.toString()), x.getMessage());
    }

    @Test
    void unreadableCardIsRefusedWithItsFileNameAsId() throws Exception {
        Path broken = dir.resolve("broken.card.json");
        Files.writeString(broken, "{\"name\": \"half a card\", ");
        ModelRegistry r = ModelRegistry.inDirectory(dir);
        ModelEntry e = r.find("broken");
        assertNotNull(e);
        assertFalse(e.usable());
        assertNull(e.artifacts());
        assertTrue(e.problem().contains(broken.toString()) && e.problem().contains("not valid JSON"), e.problem());
        assertTrue(r.find(real.id()).usable());
    }

    @Test
    void unknownIdListsTheModelsAndAnEmptyFolderListsWhereItLooked() throws Exception {
        ModelException x = assertThrows(ModelException.class, () -> ModelRegistry.inDirectory(dir).require("nope"));
        assertTrue(x.getMessage().contains("\"nope\"") && x.getMessage().contains(real.id()), x.getMessage());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        ModelException none = assertThrows(ModelException.class, () -> ModelRegistry.inDirectory(empty));
        assertTrue(none.getMessage().contains("no *.card.json") && none.getMessage().contains(empty.toString()),
                none.getMessage());
    }

    @Test
    void anExplicitSettingMayNameSeveralFoldersWhoseModelsAreAllUsed() throws Exception {
        Path second = Files.createDirectories(tmp.resolve("more"));
        Path copy = card("copy.card.json", id("copy"));
        Files.move(copy, second.resolve("copy.card.json"));
        for (String f : List.of(real.artifacts().onnx().file(), real.artifacts().safetensors().file())) {
            Files.copy(dir.resolve(f), second.resolve(f));
        }
        String old = System.getProperty(ModelArtifacts.DIR_PROPERTY);
        try {
            System.setProperty(ModelArtifacts.DIR_PROPERTY, dir + java.io.File.pathSeparator + second);
            assertEquals(List.of(dir, second), ModelArtifacts.searchPath());
            ModelRegistry r = ModelRegistry.locate();
            assertEquals(List.of("copy", real.id()), r.usable().stream().map(ModelEntry::id).toList());
        } finally {
            if (old == null) {
                System.clearProperty(ModelArtifacts.DIR_PROPERTY);
            } else {
                System.setProperty(ModelArtifacts.DIR_PROPERTY, old);
            }
        }
    }

    @Test
    void badIdsAreRefused() {
        ModelException x = assertThrows(ModelException.class, () -> ModelCard.parse(
                "{\"id\": \"Has Spaces\", \"input\": {\"width\": 256, \"height\": 256, \"channels\": 3}}"));
        assertTrue(x.getMessage().contains("id \"Has Spaces\""), x.getMessage());
    }

    private static void flipByte(Path f) throws Exception {
        byte[] b = Files.readAllBytes(f);
        b[b.length / 2] ^= 1;
        Files.write(f, b);
    }
}
