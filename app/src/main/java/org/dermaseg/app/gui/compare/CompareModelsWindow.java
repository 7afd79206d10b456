package org.dermaseg.app.gui.compare;

import java.util.List;
import java.util.Locale;

import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.stage.Stage;

import org.dermaseg.app.gui.ImageSession;
import org.dermaseg.app.gui.MainViewModel;
import org.dermaseg.app.gui.Problem;
import org.dermaseg.inference.metrics.MaskMetrics;
import org.dermaseg.inference.render.ComparisonRenderer;

/**
 * "Compare models": the viewer's current image segmented by two models, both outlines on one picture in two
 * colours, where they disagree tinted, and each model's metrics against the ground truth when the viewer has
 * one. The work runs on {@link CompareModelsViewModel}'s thread, with progress and cancel.
 */
public final class CompareModelsWindow {
    private final Stage stage = new Stage();
    private final MainViewModel main;
    private final CompareModelsViewModel vm;
    private final ComboBox<String> first = new ComboBox<>();
    private final ComboBox<String> second = new ComboBox<>();
    private final Button run = new Button("Compare");
    private final Button cancel = new Button("Cancel");
    private final ProgressBar progress = new ProgressBar(0);
    private final Label status = new Label();
    private final ImageView picture = new ImageView();
    private final GridPane table = new GridPane();

    private CompareModelsWindow(Stage owner, MainViewModel main) {
        this.main = main;
        this.vm = new CompareModelsViewModel(main.segmenters(), main.settings().engineProperty().get(),
                main.settings().deviceProperty().get(), main.review().postprocessOptions());
        List<String> ids = CompareModelsViewModel.choices(main.segmenters());
        first.getItems().setAll(ids);
        second.getItems().setAll(ids);
        if (ids.size() >= 2) {
            first.setValue(ids.get(0));
            second.setValue(ids.get(1));
        }
        first.setId("compare-first");
        second.setId("compare-second");
        run.setId("compare-run");
        cancel.setId("compare-cancel");
        status.setId("compare-status");
        table.setId("compare-table");
        cancel.setDisable(true);
        run.setOnAction(e -> start());
        cancel.setOnAction(e -> vm.cancel());

        ComparisonRenderer.Colours c = ComparisonRenderer.Colours.DEFAULT;
        HBox choose = new HBox(8, new Label("Model A"), swatch(c.first()), first, new Label("Model B"),
                swatch(c.second()), second, run, cancel, progress);
        HBox legend = new HBox(8, swatch(c.disagreement()), new Label("A and B disagree"), swatch(c.groundTruth()),
                new Label("ground truth outline"));
        picture.setPreserveRatio(true);
        picture.setFitWidth(720);
        picture.setFitHeight(540);
        table.setHgap(14);
        table.setVgap(4);
        BorderPane root = new BorderPane(picture);
        root.setTop(new VBox(6, choose, legend));
        root.setBottom(new VBox(6, table, status));
        root.setPadding(new Insets(10));
        stage.initOwner(owner);
        stage.setTitle("Compare models");
        stage.setScene(new Scene(root, 980, 760));
        stage.setOnHidden(e -> vm.close());
    }

    /** Opens the window on the viewer's current image and starts comparing the first two models. */
    public static CompareModelsWindow open(Stage owner, MainViewModel main) {
        CompareModelsWindow w = new CompareModelsWindow(owner, main);
        w.stage.show();
        w.start();
        return w;
    }

    private void start() {
        ImageSession s = main.session();
        if (s == null) {
            status.setText("Open an image in the main window first.");
            return;
        }
        if (first.getValue() == null || second.getValue() == null || first.getValue().equals(second.getValue())) {
            status.setText("Choose two different models.");
            return;
        }
        Task<CompareModelsViewModel.Outcome> task = vm.compare(first.getValue(), second.getValue(), s.path(),
                s.groundTruth());
        progress.progressProperty().bind(task.progressProperty());
        status.textProperty().bind(task.messageProperty());
        run.setDisable(true);
        cancel.setDisable(false);
        task.setOnSucceeded(e -> {
            finished();
            show(task.getValue());
        });
        task.setOnFailed(e -> {
            finished();
            status.setText("Comparison failed: " + Problem.of("compare the models", task.getException()).reason());
        });
        task.setOnCancelled(e -> {
            finished();
            status.setText("Cancelled.");
        });
    }

    private void finished() {
        progress.progressProperty().unbind();
        status.textProperty().unbind();
        run.setDisable(false);
        cancel.setDisable(true);
    }

    private void show(CompareModelsViewModel.Outcome o) {
        ComparisonRenderer.Picture p = o.picture();
        WritableImage img = new WritableImage(p.width(), p.height());
        img.getPixelWriter().setPixels(0, 0, p.width(), p.height(), PixelFormat.getIntArgbInstance(), p.argb(), 0,
                p.width());
        picture.setImage(img);
        table.getChildren().clear();
        String[] head = {"model", "engine", "lesion px", "infer ms", "Dice", "IoU", "sensitivity", "specificity"};
        for (int i = 0; i < head.length; i++) {
            table.add(new Label(head[i]), i, 0);
        }
        row(1, o.first());
        row(2, o.second());
        status.setText(String.format(Locale.ROOT, "%s: the models disagree on %d pixels (%.2f%% of the image: %d only "
                        + "A, %d only B)%s", o.image().getFileName(), o.disagreement().differing(),
                100 * o.disagreement().fraction(), o.disagreement().onlyFirst(), o.disagreement().onlySecond(),
                o.first().metrics() == null ? "; no ground truth in the viewer, so no metrics" : ""));
    }

    private void row(int r, CompareModelsViewModel.Side s) {
        MaskMetrics m = s.metrics();
        String[] cells = {s.modelName() + " (" + s.modelId() + ")", s.engine(), Long.toString(s.lesionArea()),
            String.format(Locale.ROOT, "%.0f", s.inferMs()), f4(m == null ? Double.NaN : m.dice()),
            f4(m == null ? Double.NaN : m.iou()), f4(m == null ? Double.NaN : m.sensitivity()),
            f4(m == null ? Double.NaN : m.specificity())};
        for (int i = 0; i < cells.length; i++) {
            Label l = new Label(cells[i]);
            l.setId("compare-cell-" + r + "-" + i);
            table.add(l, i, r);
        }
    }

    private static String f4(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "-";
    }

    private static Rectangle swatch(int argb) {
        return new Rectangle(14, 14, Color.rgb((argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF));
    }

    public Stage stage() {
        return stage;
    }
}
