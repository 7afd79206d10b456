package org.dermaseg.app.gui;

import java.nio.file.Path;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The image list on the left: thumbnails, names (unsaved edits marked), "3 / 10"; selecting opens. */
final class Filmstrip extends VBox implements AutoCloseable {
    private final NavigationViewModel nav;
    private final ListView<Path> list = new ListView<>();
    private final ThumbnailCache thumbnails = new ThumbnailCache(list::refresh);
    private boolean syncingSelection;

    Filmstrip(MainViewModel vm) {
        this.nav = vm.navigation();
        list.setId("filmstrip");
        list.setItems(nav.images());
        list.setCellFactory(lv -> new Cell());
        list.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            if (!syncingSelection && b.intValue() >= 0) {
                nav.openAt(b.intValue());
            }
        });
        // Page Down/Up mean next/previous image everywhere; a focused ListView would otherwise jump a whole
        // page (from the first image straight to the last when the folder fits in the list)
        list.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.PAGE_DOWN || e.getCode() == KeyCode.PAGE_UP) {
                e.consume();
                if (e.getCode() == KeyCode.PAGE_DOWN) {
                    nav.next();
                } else {
                    nav.previous();
                }
            }
        });
        nav.indexProperty().addListener((o, a, b) -> select(b.intValue()));
        nav.images().addListener((ListChangeListener<Path>) c -> select(nav.indexProperty().get()));
        vm.revisionProperty().addListener((o, a, b) -> list.refresh());
        Label title = new Label("Images");
        title.setStyle("-fx-font-weight: bold;");
        Label count = new Label();
        count.textProperty().bind(Bindings.createStringBinding(() -> nav.images().isEmpty() ? ""
                : (nav.indexProperty().get() + 1) + " / " + nav.images().size(), nav.images(), nav.indexProperty()));
        HBox head = new HBox(8, title, count);
        head.setPadding(new Insets(4, 6, 4, 6));
        getChildren().addAll(head, list);
        VBox.setVgrow(list, Priority.ALWAYS);
        setMinWidth(140);
        setPrefWidth(200);
    }

    private void select(int i) {
        syncingSelection = true;
        try {
            if (i >= 0 && i < nav.images().size()) {
                list.getSelectionModel().select(i);
                list.scrollTo(Math.max(0, i - 3));
            } else {
                list.getSelectionModel().clearSelection();
            }
        } finally {
            syncingSelection = false;
        }
    }

    @Override
    public void close() {
        thumbnails.close();
    }

    private final class Cell extends ListCell<Path> {
        private final ImageView thumb = new ImageView();
        private final StackPane frame = new StackPane(thumb);

        Cell() {
            frame.setMinSize(ThumbnailCache.SIDE, ThumbnailCache.SIDE * 3 / 4);
            frame.setPrefSize(ThumbnailCache.SIDE, ThumbnailCache.SIDE * 3 / 4);
            frame.setStyle("-fx-background-color: #3a3a3a;");
            setGraphicTextGap(8);
        }

        @Override
        protected void updateItem(Path item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
                setGraphic(null);
                setStyle("");
            } else {
                boolean unsaved = nav.hasUnsavedEdits(item);
                setText((unsaved ? "● " : "") + item.getFileName());
                setStyle(unsaved ? "-fx-text-fill: #ff9100;" : "");
                thumb.setImage(thumbnails.get(item));
                setGraphic(frame);
            }
        }
    }
}
