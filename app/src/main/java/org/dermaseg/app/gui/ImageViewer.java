package org.dermaseg.app.gui;

import javafx.application.Platform;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.scene.Cursor;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;

import org.dermaseg.inference.render.ImagePyramid;
import org.dermaseg.inference.render.OverlayRenderer;
import org.dermaseg.inference.render.OverlayStyle;
import org.dermaseg.inference.render.Viewport;

/**
 * The image with its overlay, zoomable (wheel, keys) and pannable (drag). It only ever draws the visible
 * part: {@link OverlayRenderer} composes a view-sized ARGB buffer from the pyramid level matching the zoom,
 * and this node copies it into a {@link WritableImage} of the same size. So panning a 6000x4000 image
 * costs the same as panning a small one. Brush and eraser strokes go to the view-model in image coordinates.
 */
public final class ImageViewer extends Region {
    public static final double MAX_SCALE = GuiLimits.ZOOM_MAX;

    private final MainViewModel vm;
    private final ImageView view = new ImageView();
    /** The dermoscopic colour regions, drawn over the image on demand (Measurements section). */
    private final ImageView colourLayer = new ImageView();
    private org.dermaseg.inference.measure.ColourRegions colourRegions;
    private final Circle brushCursor = new Circle();
    private WritableImage image;
    private int[] buffer;
    private boolean fitPending = true;
    private boolean renderQueued;
    private double originX;
    private double originY;
    private final ReadOnlyDoubleWrapper scale = new ReadOnlyDoubleWrapper(this, "scale", 1);
    private final DoubleProperty lastRenderMs = new SimpleDoubleProperty(this, "lastRenderMs");
    private int lastLevel;
    private double dragX;
    private double dragY;
    private boolean panning;
    private boolean stroking;

    public ImageViewer(MainViewModel vm) {
        this.vm = vm;
        setId("image-viewer");
        getStyleClass().add("image-viewer");
        setMinSize(100, 100);
        setPrefSize(900, 700);
        setFocusTraversable(true);
        view.setManaged(false);
        view.setSmooth(false);
        brushCursor.setManaged(false);
        brushCursor.setFill(Color.TRANSPARENT);
        brushCursor.setStroke(Color.WHITE);
        brushCursor.setStrokeWidth(1.5);
        brushCursor.getStrokeDashArray().setAll(4.0, 3.0);
        brushCursor.setMouseTransparent(true);
        brushCursor.setVisible(false);
        colourLayer.setManaged(false);
        colourLayer.setMouseTransparent(true);
        colourLayer.setSmooth(false);
        colourLayer.setVisible(false);
        colourLayer.setId("colour-regions-layer");
        javafx.scene.shape.Rectangle clip = new javafx.scene.shape.Rectangle();
        clip.widthProperty().bind(widthProperty());
        clip.heightProperty().bind(heightProperty());
        setClip(clip);
        getChildren().addAll(view, colourLayer, brushCursor);

        vm.sessionProperty().addListener((o, a, b) -> {
            if (a == null || b == null || a.width() != b.width() || a.height() != b.height()
                    || !a.path().getParent().equals(b.path().getParent())) {
                fitPending = true;
                requestLayout();
            }
            requestRender();
        });
        vm.revisionProperty().addListener((o, a, b) -> requestRender());
        vm.review().styleBinding().addListener((o, a, b) -> requestRender());
        vm.editing().toolProperty().addListener((o, a, b) -> updateCursor());
        vm.editing().brushSizeProperty().addListener((o, a, b) -> updateBrushCursor(brushCursor.getCenterX(), brushCursor.getCenterY()));

        setOnScroll(this::onScroll);
        setOnMousePressed(this::onPressed);
        setOnMouseDragged(this::onDragged);
        setOnMouseReleased(this::onReleased);
        setOnMouseMoved(e -> updateBrushCursor(e.getX(), e.getY()));
        setOnMouseExited(e -> brushCursor.setVisible(false));
        updateCursor();
    }

    // ------------------------------------------------------------------ zoom and pan

    public ReadOnlyDoubleProperty scaleProperty() {
        return scale.getReadOnlyProperty();
    }

    public double scale() {
        return scale.get();
    }

    /** Pyramid level the last frame was read from (0 = full size). */
    public int lastLevel() {
        return lastLevel;
    }

    public DoubleProperty lastRenderMsProperty() {
        return lastRenderMs;
    }

    /** The frame on screen (tests read its pixels). */
    public WritableImage frame() {
        return image;
    }

    /** Fits the whole image into the view. */
    public void fit() {
        ImageSession s = vm.session();
        int w = (int) getWidth();
        int h = (int) getHeight();
        if (s == null || w <= 0 || h <= 0) {
            fitPending = true;
            return;
        }
        Viewport v = Viewport.fit(s.width(), s.height(), w, h);
        setView(v.originX(), v.originY(), v.scale());
        fitPending = false;
    }

    /** One image pixel per screen pixel, keeping the view centre. */
    public void actualSize() {
        zoomAt(1.0 / scale.get(), getWidth() / 2, getHeight() / 2);
    }

    public void zoomIn() {
        zoomAt(GuiLimits.ZOOM_STEP, getWidth() / 2, getHeight() / 2);
    }

    public void zoomOut() {
        zoomAt(1 / GuiLimits.ZOOM_STEP, getWidth() / 2, getHeight() / 2);
    }

    /** Zooms by {@code factor} keeping the image point under screen (sx, sy) in place. */
    public void zoomAt(double factor, double sx, double sy) {
        ImageSession s = vm.session();
        if (s == null) {
            return;
        }
        double ix = originX + sx / scale.get();
        double iy = originY + sy / scale.get();
        double ns = clampScale(scale.get() * factor, s);
        setView(ix - sx / ns, iy - sy / ns, ns);
        fitPending = false;
    }

    /** Moves the view by a screen distance. */
    public void panBy(double dx, double dy) {
        setView(originX - dx / scale.get(), originY - dy / scale.get(), scale.get());
        fitPending = false;
    }

    private double clampScale(double s, ImageSession session) {
        double w = Math.max(1, getWidth());
        double h = Math.max(1, getHeight());
        double fit = Math.min(w / session.width(), h / session.height());
        return Math.max(Math.min(fit, 1) / 4, Math.min(MAX_SCALE, s));
    }

    private void setView(double ox, double oy, double s) {
        ImageSession session = vm.session();
        if (session != null) {
            // keep the view centre over the image so it cannot be lost off screen
            double cw = getWidth() / 2 / s;
            double ch = getHeight() / 2 / s;
            ox = Math.max(-cw, Math.min(session.width() - cw, ox));
            oy = Math.max(-ch, Math.min(session.height() - ch, oy));
        }
        originX = ox;
        originY = oy;
        scale.set(s);
        requestRender();
    }

    /** Image coordinates of a point in this node. */
    public double[] toImage(double sx, double sy) {
        return new double[] {originX + sx / scale.get(), originY + sy / scale.get()};
    }

    /** This node's coordinates of an image point. */
    public double[] toScreen(double ix, double iy) {
        return new double[] {(ix - originX) * scale.get(), (iy - originY) * scale.get()};
    }

    // ------------------------------------------------------------------ rendering

    @Override
    protected void layoutChildren() {
        int w = (int) Math.floor(getWidth());
        int h = (int) Math.floor(getHeight());
        if (w <= 0 || h <= 0) {
            return;
        }
        if (image == null || (int) image.getWidth() != w || (int) image.getHeight() != h) {
            image = new WritableImage(w, h);
            buffer = new int[w * h];
            view.setImage(image);
            view.relocate(0, 0);
            if (!fitPending && vm.session() != null) {
                setView(originX, originY, scale.get());
            }
        }
        if (fitPending) {
            fit();
        }
        renderNow();
    }

    /** Redraws at the next turn of the FX thread; many requests in one turn draw once. */
    public void requestRender() {
        if (!renderQueued) {
            renderQueued = true;
            Platform.runLater(() -> {
                renderQueued = false;
                renderNow();
            });
        }
    }

    private void renderNow() {
        if (image == null) {
            return;
        }
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        long t0 = System.nanoTime();
        ImageSession s = vm.session();
        if (s == null) {
            java.util.Arrays.fill(buffer, OverlayStyle.BACKGROUND_ARGB);
        } else {
            byte[] mask = s.editor() == null ? null : s.editor().currentData();
            byte[] gt = s.groundTruth() == null ? null : s.groundTruth().data();
            OverlayStyle st = vm.review().styleBinding().get();
            ImagePyramid.Level level = OverlayRenderer.render(s.pyramid(), mask, gt,
                    s.result() == null ? null : s.result().probability(), st,
                    new Viewport(originX, originY, scale.get(), w, h), buffer);
            lastLevel = level.index();
        }
        image.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbPreInstance(), buffer, 0, w);
        placeColourLayer();
        lastRenderMs.set((System.nanoTime() - t0) / 1e6);
    }

    /** Shows these colour regions over the image (null hides them); FX thread. */
    public void setColourRegions(org.dermaseg.inference.measure.ColourRegions regions) {
        colourRegions = regions;
        if (regions == null) {
            colourLayer.setImage(null);
            colourLayer.setVisible(false);
            return;
        }
        WritableImage img = new WritableImage(regions.gridWidth(), regions.gridHeight());
        img.getPixelWriter().setPixels(0, 0, regions.gridWidth(), regions.gridHeight(),
                PixelFormat.getIntArgbInstance(), regions.gridArgb(170), 0, regions.gridWidth());
        colourLayer.setImage(img);
        colourLayer.setVisible(true);
        placeColourLayer();
    }

    /** Keeps the colour layer on the image as it is panned and zoomed. */
    private void placeColourLayer() {
        org.dermaseg.inference.measure.ColourRegions r = colourRegions;
        if (r == null) {
            return;
        }
        double s = scale.get();
        colourLayer.relocate((r.originX() - originX) * s, (r.originY() - originY) * s);
        colourLayer.setFitWidth(r.gridWidth() * r.gridScale() * s);
        colourLayer.setFitHeight(r.gridHeight() * r.gridScale() * s);
    }

    // ------------------------------------------------------------------ mouse

    private void onScroll(ScrollEvent e) {
        if (e.getDeltaY() == 0) {
            return;
        }
        zoomAt(e.getDeltaY() > 0 ? 1.2 : 1 / 1.2, e.getX(), e.getY());
        e.consume();
    }

    private boolean paints(MouseEvent e) {
        return e.getButton() == MouseButton.PRIMARY && vm.editing().toolProperty().get() != EditingViewModel.Tool.VIEW
                && !e.isShiftDown();
    }

    private void onPressed(MouseEvent e) {
        requestFocus();
        dragX = e.getX();
        dragY = e.getY();
        if (paints(e) && vm.session() != null && vm.session().hasMask()) {
            double[] p = toImage(e.getX(), e.getY());
            stroking = true;
            vm.editing().beginStroke(p[0], p[1]);
        } else {
            panning = true;
            setCursor(Cursor.CLOSED_HAND);
        }
        e.consume();
    }

    private void onDragged(MouseEvent e) {
        if (stroking) {
            double[] p = toImage(e.getX(), e.getY());
            vm.editing().strokeTo(p[0], p[1]);
            updateBrushCursor(e.getX(), e.getY());
        } else if (panning) {
            panBy(e.getX() - dragX, e.getY() - dragY);
            dragX = e.getX();
            dragY = e.getY();
        }
        e.consume();
    }

    private void onReleased(MouseEvent e) {
        if (stroking) {
            stroking = false;
            vm.editing().endStroke();
        }
        if (panning) {
            panning = false;
            updateCursor();
        }
        e.consume();
    }

    private void updateCursor() {
        boolean brush = vm.editing().toolProperty().get() != EditingViewModel.Tool.VIEW;
        setCursor(brush ? Cursor.CROSSHAIR : Cursor.OPEN_HAND);
        brushCursor.setStroke(vm.editing().toolProperty().get() == EditingViewModel.Tool.ERASER ? Color.ORANGE : Color.WHITE);
        if (!brush) {
            brushCursor.setVisible(false);
        }
    }

    private void updateBrushCursor(double x, double y) {
        boolean brush = vm.editing().toolProperty().get() != EditingViewModel.Tool.VIEW && vm.session() != null;
        brushCursor.setVisible(brush);
        brushCursor.setCenterX(x);
        brushCursor.setCenterY(y);
        brushCursor.setRadius(Math.max(2, vm.editing().brushSizeProperty().get() / 2 * scale.get()));
    }
}
