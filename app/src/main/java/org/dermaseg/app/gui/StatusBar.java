package org.dermaseg.app.gui;

import java.util.Locale;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The bottom line: status message, engine, timings, image size, zoom. */
final class StatusBar extends HBox {
    StatusBar(MainViewModel vm, ImageViewer viewer) {
        super(10);
        Label message = label("status-message", vm.statusProperty());
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(message, Priority.ALWAYS);
        Label engine = label("status-engine", vm.navigation().engineTextProperty());
        Label timing = label("status-timing", vm.navigation().timingTextProperty());
        Label size = label("status-size", vm.navigation().sizeTextProperty());
        Label zoom = new Label();
        zoom.setId("status-zoom");
        zoom.textProperty().bind(Bindings.createStringBinding(() -> vm.session() == null ? ""
                        : String.format(Locale.ROOT, "Zoom %.0f %%", viewer.scale() * 100), viewer.scaleProperty(),
                vm.sessionProperty()));
        getChildren().addAll(message, sep(), engine, sep(), timing, sep(), size, sep(), zoom);
        setId("status-bar");
        setAlignment(Pos.CENTER_LEFT);
        setPadding(new Insets(3, 8, 3, 8));
        setStyle("-fx-background-color: derive(-fx-base, -6%); "
                + "-fx-border-color: derive(-fx-base, -20%) transparent transparent transparent;");
        for (Label l : new Label[] {engine, timing, size, zoom}) {
            l.setMinWidth(Region.USE_PREF_SIZE);
        }
    }

    private static Label label(String id, javafx.beans.value.ObservableStringValue text) {
        Label l = new Label();
        l.setId(id);
        l.textProperty().bind(text);
        return l;
    }

    private static Separator sep() {
        return new Separator(Orientation.VERTICAL);
    }
}
