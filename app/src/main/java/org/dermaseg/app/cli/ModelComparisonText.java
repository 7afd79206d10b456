package org.dermaseg.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.dermaseg.inference.batch.ModelComparison;
import org.dermaseg.inference.engine.EngineInfo;

/** How {@code evaluate --model-id A --model-id B} prints its comparison: one table, or JSON. */
final class ModelComparisonText {
    private ModelComparisonText() {
    }

    static void print(PrintStream out, ModelComparison.Result r, List<EngineInfo> engines) {
        out.println("models compared on " + r.images() + " image(s) scored by every model, " + r.protocol().id()
                + " protocol (pooled = one confusion matrix over those images; mean = per-image mean; a win = the "
                + "best per-image Dice):");
        TextTable t = new TextTable("model", "version", "engine", "pooled Dice", "pooled IoU", "mean Dice", "mean IoU",
                "wins");
        for (int i = 0; i < r.models().size(); i++) {
            ModelComparison.Score s = r.models().get(i);
            // the label only: the full description (with auto's reason) was printed per model above the table
            t.add(s.modelId(), s.modelVersion(), engines.get(i).label(), f4(s.pooledDice()), f4(s.pooledIou()),
                    f4(s.meanDice()), f4(s.meanIou()), s.wins() + " of " + r.images());
        }
        t.print(out);
        out.println(r.ties() + " tie(s) (equal Dice)" + (r.missing() > 0 ? "; " + r.missing()
                + " image(s) not scored by every model (failed or no ground truth) left out" : ""));
    }

    static void printJson(PrintStream out, ModelComparison.Result r, List<EngineInfo> engines) throws IOException {
        JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeStringField("command", "evaluate");
        g.writeStringField("mode", "compare");
        g.writeStringField("protocol", r.protocol().id());
        g.writeNumberField("images", r.images());
        g.writeNumberField("ties", r.ties());
        g.writeNumberField("notScoredByEveryModel", r.missing());
        g.writeArrayFieldStart("models");
        for (int i = 0; i < r.models().size(); i++) {
            ModelComparison.Score s = r.models().get(i);
            g.writeStartObject();
            g.writeStringField("id", s.modelId());
            g.writeStringField("version", s.modelVersion());
            g.writeStringField("engine", engines.get(i).toString());
            number(g, "pooledDice", s.pooledDice());
            number(g, "pooledIou", s.pooledIou());
            number(g, "meanDice", s.meanDice());
            number(g, "meanIou", s.meanIou());
            g.writeNumberField("wins", s.wins());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("perImage");
        for (ModelComparison.ImageDice d : r.perImage()) {
            g.writeStartObject();
            g.writeStringField("path", d.path());
            g.writeObjectFieldStart("dice");
            for (int i = 0; i < d.dice().length; i++) {
                number(g, r.models().get(i).modelId(), d.dice()[i]);
            }
            g.writeEndObject();
            g.writeStringField("winner", d.winner());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
        out.println();
    }

    private static void number(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumberField(name, v);
        } else {
            g.writeNullField(name);
        }
    }

    private static String f4(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "-";
    }
}
