package org.dermaseg.app.gui;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import javafx.scene.control.Alert;
import javafx.scene.control.TextArea;
import javafx.stage.Window;

import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.model.ModelArtifacts;
import org.dermaseg.inference.model.ModelCard;
import org.dermaseg.inference.model.ModelException;

/** Help > About: version, model card (architecture, training, measured quality) and the sample images' licence. */
final class AboutDialog {
    /** assets/samples/SOURCES.md, copied into the jar at build time. */
    static final String SAMPLES_RESOURCE = "/org/dermaseg/app/gui/samples/SOURCES.md";

    private final Window owner;
    private final MainViewModel vm;

    AboutDialog(Window owner, MainViewModel vm) {
        this.owner = owner;
        this.vm = vm;
    }

    void show() {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(owner);
        a.setTitle("About DermaSeg");
        String version = AboutDialog.class.getPackage().getImplementationVersion();
        a.setHeaderText("DermaSeg " + (version == null ? "(development build)" : version)
                + "\nSkin lesion segmentation workstation");
        TextArea text = new TextArea(text());
        text.setId("about-text");
        text.setEditable(false);
        text.setWrapText(true);
        text.setPrefSize(640, 460);
        a.getDialogPane().setContent(text);
        a.getDialogPane().setPrefWidth(680);
        a.show();
    }

    String text() {
        StringBuilder sb = new StringBuilder();
        Segmenter seg = vm.segmenters().currentOrNull();
        ModelCard card = null;
        if (seg != null) {
            card = seg.card();
        } else {
            try {
                card = ModelArtifacts.locate().card();
            } catch (ModelException e) {
                sb.append("MODEL\n  not found: ").append(Problem.message(e)).append("\n\n");
            }
        }
        if (card != null) {
            sb.append(modelCard(card));
        }
        if (seg != null) {
            sb.append("ENGINE IN USE\n  ").append(seg.engineInfo()).append("\n\n");
        }
        sb.append("SAMPLE IMAGES (assets/samples)\n").append(samplesText()).append('\n');
        sb.append("SOFTWARE\n  JavaFX ").append(System.getProperty("javafx.runtime.version", "?"))
                .append(", Java ").append(System.getProperty("java.version"))
                .append(", OpenCV (org.openpnp), ONNX Runtime, Jackson, picocli.\n");
        return sb.toString();
    }

    static String modelCard(ModelCard c) {
        StringBuilder sb = new StringBuilder("MODEL CARD\n");
        sb.append("  ").append(c.name()).append(' ').append(c.version())
                .append(c.trained() ? "" : " (UNTRAINED weights: masks are meaningless)").append('\n');
        sb.append("  Paper: ").append(c.paper()).append('\n');
        if (c.parameters() != null) {
            sb.append(String.format(Locale.ROOT, "  Parameters: %,d", c.parameters()));
        }
        if (c.gflops() != null) {
            sb.append(String.format(Locale.ROOT, ", GFLOPs: %.3f", c.gflops()));
        }
        sb.append('\n');
        sb.append("  Input: ").append(c.inputWidth()).append('x').append(c.inputHeight())
                .append(" RGB, per-image min-max scaling; threshold ").append(c.thresholdOrDefault()).append('\n');
        JsonNode t = c.training();
        if (t != null && t.isObject()) {
            sb.append("  Training:\n");
            for (String k : new String[] {"data", "trainedOn", "loss", "epochs", "selectedEpoch", "selectedBy", "hardware"}) {
                if (t.hasNonNull(k)) {
                    sb.append("    ").append(k).append(": ").append(t.get(k).asText()).append('\n');
                }
            }
        }
        JsonNode m = c.metrics();
        if (m != null && m.isObject()) {
            sb.append("  Measured quality (pooled DSC / sensitivity / specificity / images):\n");
            Iterator<Map.Entry<String, JsonNode>> it = m.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                sb.append(String.format(Locale.ROOT, "    %-28s DSC %s  SE %s  SP %s  n=%s%n", e.getKey(),
                        v.path("dsc").asText("?"), v.path("se").asText("?"), v.path("sp").asText("?"),
                        v.path("images").asText("?")));
            }
        }
        sb.append("  Research use only: not a medical device; every mask needs a clinician's review.\n\n");
        return sb.toString();
    }

    static String samplesText() {
        try (InputStream in = AboutDialog.class.getResourceAsStream(SAMPLES_RESOURCE)) {
            if (in == null) {
                return "  (attribution file missing from this build; see assets/samples/SOURCES.md)\n";
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "  (attribution file unreadable: " + e.getMessage() + ")\n";
        }
    }
}
